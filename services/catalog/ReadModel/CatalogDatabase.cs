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
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = CatalogSegmentRows.Upsert;
            CatalogSegmentRows.Bind(command, segment, uploaded, evicted, evictedReason);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await TimelineIndex.RefreshAsync(connection, segment.AssetName, segment.Start, segment.Start, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records many segments as <see cref="UpsertSegmentAsync"/> does, in one transaction, and keeps the
    /// timeline of the span they cover once at the end: how a long history is seeded. A rebuild, which
    /// writes a whole asset in many batches, asks for the rows only (<paramref name="keepTimeline"/> false)
    /// and calls <see cref="RefreshTimelineAsync"/> once per asset when all are written.
    /// </summary>
    public async Task UpsertSegmentsAsync(IEnumerable<CatalogSegment> segments, CancellationToken cancellationToken, bool keepTimeline = true)
    {
        ArgumentNullException.ThrowIfNull(segments);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var spans = new Dictionary<string, (DateTimeOffset From, DateTimeOffset Through)>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = CatalogSegmentRows.Upsert;
            foreach (var segment in segments)
            {
                command.Parameters.Clear();
                CatalogSegmentRows.Bind(command, segment.Segment, segment.Uploaded, segment.Evicted, segment.EvictedReason);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                var start = segment.Segment.Start;
                spans[segment.Segment.AssetName] = spans.TryGetValue(segment.Segment.AssetName, out var span)
                    ? (start < span.From ? start : span.From, start > span.Through ? start : span.Through)
                    : (start, start);
            }
        }

        foreach (var (asset, span) in keepTimeline ? spans : [])
        {
            await TimelineIndex.RefreshAsync(connection, asset, span.From, span.Through, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets the asset's segments up to <paramref name="end"/> that are in the store or lost (retention,
    /// or a disk that needed the space): the timeline starts after them. Segments still waiting in a
    /// cache for upload stay until they are uploaded.
    /// </summary>
    public async Task ForgetThroughAsync(string assetName, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        const string Forgotten = "FROM segments WHERE asset = $asset AND end_ticks <= $end AND (uploaded = 1 OR evicted = 1)";
        await using var first = connection.CreateCommand();
        first.CommandText = $"SELECT MIN(start_ticks) {Forgotten}";
        first.Parameters.AddWithValue("$asset", assetName);
        first.Parameters.AddWithValue("$end", end.UtcTicks);
        if (await first.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long from)
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"""
                DELETE FROM segment_indexes WHERE asset = $asset AND file_name IN (SELECT file_name {Forgotten});
                DELETE {Forgotten};
                """;
            delete.Parameters.AddWithValue("$asset", assetName);
            delete.Parameters.AddWithValue("$end", end.UtcTicks);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await TimelineIndex.RefreshAsync(connection, assetName, new DateTimeOffset(from, TimeSpan.Zero), end, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rebuilds the asset's kept timeline from its segments (after a rebuild of the catalog, or to repair it).</summary>
    public async Task RefreshTimelineAsync(string assetName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await TimelineIndex.RebuildAsync(connection, assetName, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The asset's kept timeline around [from, to): the pieces that overlap it and the nearest one on
    /// either side (<see cref="TimelineIndex.ReadAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<TimelinePiece>> TimelineAsync(string assetName, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await TimelinePageAsync(assetName, from, to, int.MaxValue, cancellationToken).ConfigureAwait(false)).Pieces;

    /// <summary>As <see cref="TimelineAsync"/>, at most <paramref name="limit"/> pieces: the span they answer for ends at Until.</summary>
    public async Task<(IReadOnlyList<TimelinePiece> Pieces, DateTimeOffset Until)> TimelinePageAsync(
        string assetName, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await TimelineIndex.ReadAsync(connection, assetName, from, to, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the asset has recorded media in [from, to), piece by piece (what a calendar needs).</summary>
    public async Task<IReadOnlyList<TimeRange>> RecordedSpansAsync(string assetName, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await TimelineIndex.RecordedSpansAsync(connection, assetName, from, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The assets in name order, at most <paramref name="limit"/>, those after <paramref name="after"/> if given.</summary>
    public async Task<IReadOnlyList<CatalogAsset>> ListAssetsAsync(CancellationToken cancellationToken, int limit = int.MaxValue, string? after = null)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.name, a.stream_id, COALESCE(SUM(p.segment_count), 0), COALESCE(SUM(p.size_bytes), 0), MIN(p.start_ticks), MAX(p.end_ticks)
            FROM assets a LEFT JOIN timeline_pieces p ON p.asset = a.name AND p.kind = ''
            WHERE $after IS NULL OR a.name > $after
            GROUP BY a.name ORDER BY a.name LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
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

    /// <summary>
    /// Segments of the asset that overlap [from, to), in time order; evicted ones only if asked for; at most
    /// <paramref name="limit"/> of them, those after <paramref name="after"/> (a page's last) if given.
    /// Both ends of the span are bounded in the index (a segment overlapping <paramref name="from"/>
    /// starts at most the asset's longest segment before it), so the cost does not grow with the history.
    /// </summary>
    public async Task<IReadOnlyList<CatalogSegment>> SegmentsAsync(
        string assetName, DateTimeOffset from, DateTimeOffset to, bool includeEvicted, CancellationToken cancellationToken, int limit = int.MaxValue, SegmentDescriptor? after = null)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var longest = await TimelineIndex.LongestSegmentAsync(connection, assetName, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {CatalogSegmentRows.Select} WHERE asset = $asset AND start_ticks >= $lowest AND start_ticks < $to AND end_ticks > $from {(includeEvicted ? "" : "AND evicted = 0")}
            {(after is null ? "" : "AND (start_ticks, file_name) > ($afterStart, $afterFile)")}
            ORDER BY start_ticks, file_name LIMIT $limit
            """;
        command.Parameters.AddWithValue("$asset", assetName);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$lowest", Math.Max(0, from.UtcTicks - longest));
        command.Parameters.AddWithValue("$limit", limit);
        if (after is not null)
        {
            command.Parameters.AddWithValue("$afterStart", after.Start.UtcTicks);
            command.Parameters.AddWithValue("$afterFile", after.FileName);
        }

        var segments = new List<CatalogSegment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            segments.Add(CatalogSegmentRows.Read(reader));
        }

        return segments;
    }

    public async Task<CatalogSegment?> SegmentAsync(string assetName, string fileName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{CatalogSegmentRows.Select} WHERE asset = $asset AND file_name = $file";
        command.Parameters.AddWithValue("$asset", assetName);
        command.Parameters.AddWithValue("$file", fileName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? CatalogSegmentRows.Read(reader) : null;
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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the asset's last media still somewhere ends; null when it has none.</summary>
    public async Task<DateTimeOffset?> LastMediaEndAsync(string assetName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(end_ticks) FROM segments WHERE asset = $asset AND evicted = 0";
        command.Parameters.AddWithValue("$asset", assetName);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <summary>A connection to the catalog's file, its tables made, for read-model tables kept beside these (<see cref="Playback.SegmentIndexes"/>).</summary>
    internal Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);
}
