using Cvr.Contracts.Events;
using Microsoft.Data.Sqlite;

namespace Cvr.Catalog.ReadModel;

/// <summary>How a <see cref="CatalogSegment"/> is written to a row of table <c>segments</c> and read back.</summary>
internal static class CatalogSegmentRows
{
    public const string Select =
        "SELECT asset, file_name, stream_id, session_id, sequence, start_ticks, end_ticks, size, sha256, uploaded, evicted, clock_source, clock_error_ms, clock_drift_ppm, evicted_reason, "
        + "codecs, width, height, frame_rate, bitrate_bps FROM segments";

    /// <summary>
    /// Records a segment; its uploaded and evicted flags only ever turn on. An uploaded segment's
    /// descriptor is what the store holds, so it replaces the sealed one's. The asset's longest segment
    /// grows with it (how far back a query must look for a segment overlapping its start).
    /// </summary>
    public const string Upsert = $"""
            INSERT INTO assets(name, stream_id) VALUES ($asset, $stream) ON CONFLICT(name) DO NOTHING;
            UPDATE assets SET longest_segment_ticks = MAX(COALESCE(longest_segment_ticks, 0), $end - $start) WHERE name = $asset;
            INSERT INTO segments(asset, file_name, stream_id, session_id, sequence, start_ticks, end_ticks, size, sha256, uploaded, evicted, clock_source, clock_error_ms, clock_drift_ppm, evicted_reason,
                codecs, width, height, frame_rate, bitrate_bps)
            VALUES ($asset, $file, $stream, $session, $seq, $start, $end, $size, $sha, $uploaded, $evicted, $clockSource, $clockError, $clockDrift, $evictedReason,
                $codecs, $width, $height, $frameRate, $bitrate)
            ON CONFLICT(asset, file_name) DO UPDATE SET
                end_ticks = CASE WHEN excluded.uploaded = 1 THEN excluded.end_ticks ELSE segments.end_ticks END,
                size = CASE WHEN excluded.uploaded = 1 THEN excluded.size ELSE segments.size END,
                sha256 = CASE WHEN excluded.uploaded = 1 THEN excluded.sha256 ELSE segments.sha256 END,
                uploaded = MAX(segments.uploaded, excluded.uploaded), evicted = MAX(segments.evicted, excluded.evicted),
                evicted_reason = COALESCE(segments.evicted_reason, excluded.evicted_reason),
                clock_source = COALESCE(segments.clock_source, excluded.clock_source),
                clock_error_ms = COALESCE(segments.clock_error_ms, excluded.clock_error_ms),
                clock_drift_ppm = COALESCE(segments.clock_drift_ppm, excluded.clock_drift_ppm),
                codecs = CASE WHEN {TakesNewMedia} THEN excluded.codecs ELSE segments.codecs END,
                width = CASE WHEN {TakesNewMedia} THEN excluded.width ELSE segments.width END,
                height = CASE WHEN {TakesNewMedia} THEN excluded.height ELSE segments.height END,
                frame_rate = CASE WHEN {TakesNewMedia} THEN excluded.frame_rate ELSE segments.frame_rate END,
                bitrate_bps = CASE WHEN {TakesNewMedia} THEN excluded.bitrate_bps ELSE segments.bitrate_bps END;
            """;

    public static void Bind(SqliteCommand command, SegmentDescriptor segment, bool uploaded, bool evicted, string? evictedReason)
    {
        command.Parameters.AddWithValue("$asset", segment.AssetName);
        command.Parameters.AddWithValue("$file", segment.FileName);
        command.Parameters.AddWithValue("$stream", segment.StreamId);
        command.Parameters.AddWithValue("$session", segment.SessionId);
        command.Parameters.AddWithValue("$seq", segment.Sequence);
        command.Parameters.AddWithValue("$start", segment.Start.UtcTicks);
        command.Parameters.AddWithValue("$end", segment.End.UtcTicks);
        command.Parameters.AddWithValue("$size", segment.SizeBytes);
        command.Parameters.AddWithValue("$sha", segment.Sha256);
        command.Parameters.AddWithValue("$uploaded", uploaded ? 1 : 0);
        command.Parameters.AddWithValue("$evicted", evicted ? 1 : 0);
        command.Parameters.AddWithValue("$clockSource", (object?)segment.Clock?.Source.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$clockError", (object?)segment.Clock?.ErrorMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$clockDrift", (object?)segment.Clock?.DriftPpm ?? DBNull.Value);
        command.Parameters.AddWithValue("$evictedReason", (object?)evictedReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$codecs", (object?)segment.Media?.Codecs ?? DBNull.Value);
        command.Parameters.AddWithValue("$width", (object?)segment.Media?.Width ?? DBNull.Value);
        command.Parameters.AddWithValue("$height", (object?)segment.Media?.Height ?? DBNull.Value);
        command.Parameters.AddWithValue("$frameRate", (object?)segment.Media?.FrameRate ?? DBNull.Value);
        command.Parameters.AddWithValue("$bitrate", (object?)segment.Media?.BitrateBps ?? DBNull.Value);
    }

    /// <summary>
    /// The media columns of a segment seen again take the new descriptor's when it has media and is the
    /// uploaded one (what the store holds), or when none was known; all five move together.
    /// </summary>
    private const string TakesNewMedia = "excluded.codecs IS NOT NULL AND (excluded.uploaded = 1 OR segments.codecs IS NULL)";

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
