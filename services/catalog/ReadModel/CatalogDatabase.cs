using Cvr.Contracts.Events;
using Cvr.Platform.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The catalog's own SQLite read model, built only from events (and rebuildable from the asset store).
/// Every write is an upsert, so a redelivered event changes nothing.
/// </summary>
public sealed class CatalogDatabase
{
    private readonly SqliteDatabase _database;
    private readonly CatalogSchema _schema;

    public CatalogDatabase(SqliteDatabase database)
    {
        _database = database;
        _schema = new CatalogSchema(database);
    }

    public async Task UpsertStreamAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO streams(stream_id, asset, cache_path) VALUES ($id, $asset, $cache)
            ON CONFLICT(stream_id) DO UPDATE SET asset = excluded.asset, cache_path = excluded.cache_path;
            INSERT INTO assets(name, stream_id) VALUES ($asset, $id)
            ON CONFLICT(name) DO UPDATE SET stream_id = excluded.stream_id;
            """;
        command.Parameters.AddWithValue("$id", stream.StreamId);
        command.Parameters.AddWithValue("$asset", stream.AssetName);
        command.Parameters.AddWithValue("$cache", stream.CachePath);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a segment; <paramref name="uploaded"/> and <paramref name="evicted"/> only ever turn their
    /// flags on. An uploaded segment's descriptor is what the store holds, so it replaces the sealed one's.
    /// </summary>
    /// <param name="evictedReason">Why it was dropped, with <paramref name="evicted"/>.</param>
    public async Task UpsertSegmentAsync(SegmentDescriptor segment, bool uploaded, bool evicted, CancellationToken cancellationToken, string? evictedReason = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = UpsertSegment;
        Bind(command, segment, uploaded, evicted, evictedReason);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records many segments as <see cref="UpsertSegmentAsync"/> does, in one transaction with one
    /// prepared command: how a rebuild writes and a long history is seeded. It writes the segment rows
    /// only, nothing derived from them: callers call <see cref="RefreshTimelineAsync"/> for each asset once
    /// all its segments are written.
    /// </summary>
    public async Task UpsertSegmentsAsync(IEnumerable<CatalogSegment> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segments);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = UpsertSegment;
        foreach (var segment in segments)
        {
            command.Parameters.Clear();
            Bind(command, segment.Segment, segment.Uploaded, segment.Evicted, segment.EvictedReason);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Recomputes what the catalog derives from an asset's segments in one go, after
    /// <see cref="UpsertSegmentsAsync"/> wrote them (a rebuild calls it once per asset).
    /// </summary>
    public Task RefreshTimelineAsync(string assetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetName);
        cancellationToken.ThrowIfCancellationRequested();

        // TODO(issue 14): recompute the asset's ranges here; replaced by the ranges table's method on merge.
        return Task.CompletedTask;
    }

    private const string UpsertSegment = $"""
            INSERT INTO assets(name, stream_id) VALUES ($asset, $stream) ON CONFLICT(name) DO NOTHING;
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

    private static void Bind(SqliteCommand command, SegmentDescriptor segment, bool uploaded, bool evicted, string? evictedReason)
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

    /// <summary>
    /// Forgets the asset's segments up to <paramref name="end"/> that are in the store or lost (retention,
    /// or a disk that needed the space): the timeline starts after them. Segments still waiting in a
    /// cache for upload stay until they are uploaded.
    /// </summary>
    public async Task ForgetThroughAsync(string assetName, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM segments WHERE asset = $asset AND end_ticks <= $end AND (uploaded = 1 OR evicted = 1)";
        command.Parameters.AddWithValue("$asset", assetName);
        command.Parameters.AddWithValue("$end", end.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CatalogAsset>> ListAssetsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.name, a.stream_id, COUNT(s.file_name), COALESCE(SUM(s.size), 0), MIN(s.start_ticks), MAX(s.end_ticks)
            FROM assets a LEFT JOIN segments s ON s.asset = a.name AND s.evicted = 0
            GROUP BY a.name ORDER BY a.name
            """;
        var assets = new List<CatalogAsset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var streamId = await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(1);
            var empty = await reader.IsDBNullAsync(4, cancellationToken).ConfigureAwait(false);
            assets.Add(new CatalogAsset(
                reader.GetString(0),
                streamId,
                reader.GetInt32(2),
                reader.GetInt64(3),
                empty ? null : new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                empty ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
        }

        return assets;
    }

    public async Task<bool> AssetExistsAsync(string assetName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM assets WHERE name = $name";
        command.Parameters.AddWithValue("$name", assetName);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Segments of the asset that overlap [from, to), in time order; evicted ones only if asked for.</summary>
    public async Task<IReadOnlyList<CatalogSegment>> SegmentsAsync(string assetName, DateTimeOffset from, DateTimeOffset to, bool includeEvicted, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectSegment} WHERE asset = $asset AND end_ticks > $from AND start_ticks < $to {(includeEvicted ? "" : "AND evicted = 0")} ORDER BY start_ticks, file_name";
        command.Parameters.AddWithValue("$asset", assetName);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        var segments = new List<CatalogSegment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            segments.Add(ReadSegment(reader));
        }

        return segments;
    }

    public async Task<CatalogSegment?> SegmentAsync(string assetName, string fileName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectSegment} WHERE asset = $asset AND file_name = $file";
        command.Parameters.AddWithValue("$asset", assetName);
        command.Parameters.AddWithValue("$file", fileName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSegment(reader) : null;
    }

    public async Task RecordSessionEndAsync(string streamId, string sessionId, DateTimeOffset endedAt, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO session_ends(stream_id, session_id, ended_ticks, reason) VALUES ($stream, $session, $ended, $reason)
            ON CONFLICT(stream_id, session_id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$stream", streamId);
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$ended", endedAt.UtcTicks);
        command.Parameters.AddWithValue("$reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why each of the stream's sessions ended, as far as known.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SessionEndReasonsAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_id, reason FROM session_ends WHERE stream_id = $stream";
        command.Parameters.AddWithValue("$stream", streamId);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reasons[reader.GetString(0)] = reader.GetString(1);
        }

        return reasons;
    }

    /// <summary>The cache folder of the stream that records into the asset, if known.</summary>
    public async Task<string?> CachePathAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cache_path FROM streams WHERE stream_id = $id";
        command.Parameters.AddWithValue("$id", streamId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private const string SelectSegment =
        "SELECT asset, file_name, stream_id, session_id, sequence, start_ticks, end_ticks, size, sha256, uploaded, evicted, clock_source, clock_error_ms, clock_drift_ppm, evicted_reason, "
        + "codecs, width, height, frame_rate, bitrate_bps FROM segments";

    private static CatalogSegment ReadSegment(SqliteDataReader reader)
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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
    }
}
