using Cvr.Contracts.Events;
using Microsoft.Data.Sqlite;

namespace Cvr.Catalog.ReadModel;

/// <summary>How a <see cref="CatalogSegment"/> is read from a row of table <c>segments</c>.</summary>
internal static class CatalogSegmentRows
{
    public const string Select =
        "SELECT asset, file_name, stream_id, session_id, sequence, start_ticks, end_ticks, size, sha256, uploaded, evicted, clock_source, clock_error_ms, clock_drift_ppm, evicted_reason, "
        + "codecs, width, height, frame_rate, bitrate_bps FROM segments";

    public static CatalogSegment Read(SqliteDataReader reader)
    {
        var segment = new SegmentDescriptor(
            reader.GetString(2), reader.GetString(0), reader.GetString(3), reader.GetInt64(4),
            new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
            reader.GetInt64(7), reader.GetString(8), reader.GetString(1), ReadClock(reader))
        {
            Media = ReadMedia(reader),
        };
        return new CatalogSegment(segment, reader.GetInt32(9) == 1, reader.GetInt32(10) == 1, reader.IsDBNull(14) ? null : reader.GetString(14));
    }

    private static SegmentClock? ReadClock(SqliteDataReader reader) =>
        reader.IsDBNull(11) || !Enum.TryParse<ClockSource>(reader.GetString(11), out var source)
            ? null
            : new SegmentClock(source, reader.IsDBNull(12) ? null : reader.GetDouble(12), reader.IsDBNull(13) ? null : reader.GetDouble(13));

    private static SegmentMedia? ReadMedia(SqliteDataReader reader) =>
        reader.IsDBNull(15)
            ? null
            : new SegmentMedia(
                reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetInt32(16),
                reader.IsDBNull(17) ? null : reader.GetInt32(17),
                reader.IsDBNull(18) ? null : reader.GetDouble(18),
                reader.IsDBNull(19) ? null : reader.GetInt64(19));
}
