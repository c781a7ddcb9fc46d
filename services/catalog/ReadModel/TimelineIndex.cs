using Cvr.Contracts.Events;
using Microsoft.Data.Sqlite;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The catalog's kept timeline: the <see cref="TimelinePiece"/>s of each asset in table
/// <c>timeline_pieces</c>, rebuilt bucket by bucket, inside the writer's transaction, from the segments
/// a change touched; read by time with both ends bounded, so that a question about an hour costs the
/// same after a year of recording as after a day.
/// </summary>
internal static class TimelineIndex
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS timeline_pieces(
            asset TEXT NOT NULL, kind TEXT NOT NULL, start_ticks INTEGER NOT NULL, end_ticks INTEGER NOT NULL, joined INTEGER NOT NULL,
            tail_stream TEXT NOT NULL, tail_session TEXT NOT NULL, tail_sequence INTEGER NOT NULL,
            range_codecs TEXT, range_width INTEGER, range_height INTEGER,
            clock_error_ms REAL, clock_drift_ppm REAL, clock_sources TEXT,
            codecs TEXT, width INTEGER, height INTEGER, frame_rate REAL, bitrate_bps INTEGER,
            segment_count INTEGER NOT NULL, size_bytes INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS timeline_pieces_by_kind ON timeline_pieces(asset, kind, start_ticks);
        CREATE INDEX IF NOT EXISTS timeline_pieces_by_start ON timeline_pieces(asset, start_ticks);
        CREATE INDEX IF NOT EXISTS timeline_pieces_by_end ON timeline_pieces(asset, end_ticks);
        """;

    private const string Columns =
        "kind, start_ticks, end_ticks, joined, tail_stream, tail_session, tail_sequence, range_codecs, range_width, range_height, "
        + "clock_error_ms, clock_drift_ppm, clock_sources, codecs, width, height, frame_rate, bitrate_bps, segment_count, size_bytes";

    /// <summary>The columns read back: the kept ones, and why the session of the tail ended.</summary>
    private const string ReadColumns =
        Columns + ", (SELECT e.reason FROM session_ends e WHERE e.stream_id = tail_stream AND e.session_id = tail_session)";

    /// <summary>
    /// Rebuilds the pieces of the buckets from the one holding <paramref name="from"/> through the one
    /// after the one holding <paramref name="through"/> (whose first piece may join what changed), a day
    /// of buckets at a time.
    /// </summary>
    public static async Task RefreshAsync(SqliteConnection connection, string asset, DateTimeOffset from, DateTimeOffset through, CancellationToken cancellationToken)
    {
        var end = TimelinePieces.BucketStart(through).UtcTicks + (2 * TimelinePieces.Bucket.Ticks);
        var day = TimeSpan.FromDays(1).Ticks;
        for (var start = TimelinePieces.BucketStart(from).UtcTicks; start < end; start += day)
        {
            await RefreshBucketsAsync(connection, asset, start, Math.Min(start + day, end), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RefreshBucketsAsync(SqliteConnection connection, string asset, long start, long end, CancellationToken cancellationToken)
    {
        var before = await LastPiecesBeforeAsync(connection, asset, start, cancellationToken).ConfigureAwait(false);
        var segments = await SegmentsStartingAsync(connection, asset, start, end, cancellationToken).ConfigureAwait(false);
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM timeline_pieces WHERE asset = $asset AND start_ticks >= $from AND start_ticks < $to";
            delete.Parameters.AddWithValue("$asset", asset);
            delete.Parameters.AddWithValue("$from", start);
            delete.Parameters.AddWithValue("$to", end);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertAsync(connection, asset, TimelinePieces.Build(segments, before), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rebuilds all of an asset's pieces from its segments.</summary>
    public static async Task RebuildAsync(SqliteConnection connection, string asset, CancellationToken cancellationToken)
    {
        long? first = null, last = null;
        await using (var bounds = connection.CreateCommand())
        {
            bounds.CommandText = "SELECT MIN(start_ticks), MAX(start_ticks) FROM segments WHERE asset = $asset";
            bounds.Parameters.AddWithValue("$asset", asset);
            await using var reader = await bounds.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false))
            {
                (first, last) = (reader.GetInt64(0), reader.GetInt64(1));
            }
        }

        await using (var clear = connection.CreateCommand())
        {
            clear.CommandText = "DELETE FROM timeline_pieces WHERE asset = $asset";
            clear.Parameters.AddWithValue("$asset", asset);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (first is null)
        {
            return;
        }

        await RefreshAsync(connection, asset, new DateTimeOffset(first.Value, TimeSpan.Zero), new DateTimeOffset(last!.Value, TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The asset's pieces that overlap [from, to), and the nearest piece on either side of it (which say
    /// whether the edges of the span are inside the history, and whose session ended before a gap there);
    /// at most <paramref name="limit"/> of those that overlap it, the span then ending where the next one starts.
    /// </summary>
    /// <returns>The pieces in time order, and the end of the span they answer for (<paramref name="to"/> unless cut).</returns>
    public static async Task<(IReadOnlyList<TimelinePiece> Pieces, DateTimeOffset Until)> ReadAsync(
        SqliteConnection connection, string asset, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var longest = await LongestSegmentAsync(connection, asset, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ReadColumns}, 0 FROM (SELECT * FROM timeline_pieces WHERE asset = $asset AND end_ticks <= $from ORDER BY end_ticks DESC LIMIT 1)
            UNION ALL
            SELECT {ReadColumns}, 1 FROM (SELECT * FROM timeline_pieces WHERE asset = $asset AND start_ticks >= $lowest AND start_ticks < $to AND end_ticks > $from ORDER BY start_ticks LIMIT $limit)
            UNION ALL
            SELECT {ReadColumns}, 2 FROM (SELECT * FROM timeline_pieces WHERE asset = $asset AND start_ticks >= $to ORDER BY start_ticks LIMIT 1)
            """;
        command.Parameters.AddWithValue("$asset", asset);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$lowest", Math.Max(0, from.UtcTicks - TimelinePieces.Bucket.Ticks - longest));
        command.Parameters.AddWithValue("$limit", limit == int.MaxValue ? -1 : limit + 1L);
        var pieces = new List<(TimelinePiece Piece, long Part)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pieces.Add((ReadPiece(reader), reader.GetInt64(21)));
            }
        }

        var within = pieces.Where(p => p.Part == 1).Select(p => p.Piece).OrderBy(p => p.Start).ToList();
        if (within.Count <= limit)
        {
            return ([.. pieces.Select(p => p.Piece).OrderBy(p => p.Start)], to);
        }

        // Cut before the first piece past the limit, which then stands as the nearest one after the span.
        var until = within[limit].Start;
        return ([.. pieces.Where(p => p.Part == 0).Select(p => p.Piece).Concat(within).OrderBy(p => p.Start)], until > from ? until : within[limit].End);
    }

    /// <summary>The spans of the asset's recorded pieces that overlap [from, to): all a calendar needs.</summary>
    public static async Task<IReadOnlyList<TimeRange>> RecordedSpansAsync(SqliteConnection connection, string asset, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var longest = await LongestSegmentAsync(connection, asset, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT start_ticks, end_ticks FROM timeline_pieces WHERE asset = $asset AND kind = '' AND start_ticks >= $lowest AND start_ticks < $to AND end_ticks > $from";
        command.Parameters.AddWithValue("$asset", asset);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$lowest", Math.Max(0, from.UtcTicks - TimelinePieces.Bucket.Ticks - longest));
        var spans = new List<TimeRange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            spans.Add(new TimeRange(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)));
        }

        return spans;
    }

    /// <summary>The longest segment the asset ever had, in ticks: how far before a time a segment overlapping it can start.</summary>
    public static async Task<long> LongestSegmentAsync(SqliteConnection connection, string asset, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT longest_segment_ticks FROM assets WHERE name = $asset";
        command.Parameters.AddWithValue("$asset", asset);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks ? ticks : 0;
    }

    private static async Task<List<TimelinePiece>> LastPiecesBeforeAsync(SqliteConnection connection, string asset, long start, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // Each kind's last piece by an index seek: the kinds are walked in the index (a skip scan), not
        // found by reading every piece of the asset.
        command.CommandText = $"""
            WITH RECURSIVE kinds(k) AS (
                SELECT MIN(kind) FROM timeline_pieces WHERE asset = $asset
                UNION ALL SELECT (SELECT MIN(kind) FROM timeline_pieces WHERE asset = $asset AND kind > kinds.k) FROM kinds WHERE kinds.k IS NOT NULL)
            SELECT {ReadColumns} FROM kinds JOIN timeline_pieces ON timeline_pieces.rowid = (
                SELECT q.rowid FROM timeline_pieces q WHERE q.asset = $asset AND q.kind = kinds.k AND q.start_ticks < $start ORDER BY q.start_ticks DESC LIMIT 1)
            """;
        command.Parameters.AddWithValue("$asset", asset);
        command.Parameters.AddWithValue("$start", start);
        return await ReadPiecesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<CatalogSegment>> SegmentsStartingAsync(SqliteConnection connection, string asset, long from, long to, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"{CatalogSegmentRows.Select} WHERE asset = $asset AND start_ticks >= $from AND start_ticks < $to ORDER BY start_ticks, file_name";
        command.Parameters.AddWithValue("$asset", asset);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        var segments = new List<CatalogSegment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            segments.Add(CatalogSegmentRows.Read(reader));
        }

        return segments;
    }

    private static async Task InsertAsync(SqliteConnection connection, string asset, IReadOnlyList<TimelinePiece> pieces, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO timeline_pieces(asset, {Columns}) VALUES ($asset, $kind, $start, $end, $joined, $stream, $session, $sequence, $rangeCodecs, $rangeWidth, $rangeHeight,
                $clockError, $clockDrift, $clockSources, $codecs, $width, $height, $frameRate, $bitrate, $count, $size)
            """;
        foreach (var piece in pieces)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$asset", asset);
            insert.Parameters.AddWithValue("$kind", piece.Kind);
            insert.Parameters.AddWithValue("$start", piece.Start.UtcTicks);
            insert.Parameters.AddWithValue("$end", piece.End.UtcTicks);
            insert.Parameters.AddWithValue("$joined", piece.Joined ? 1 : 0);
            insert.Parameters.AddWithValue("$stream", piece.Tail.StreamId);
            insert.Parameters.AddWithValue("$session", piece.Tail.SessionId);
            insert.Parameters.AddWithValue("$sequence", piece.Tail.Sequence);
            insert.Parameters.AddWithValue("$rangeCodecs", (object?)piece.RangeMedia?.Codecs ?? DBNull.Value);
            insert.Parameters.AddWithValue("$rangeWidth", (object?)piece.RangeMedia?.Width ?? DBNull.Value);
            insert.Parameters.AddWithValue("$rangeHeight", (object?)piece.RangeMedia?.Height ?? DBNull.Value);
            insert.Parameters.AddWithValue("$clockError", (object?)piece.Clock?.MaxErrorMs ?? DBNull.Value);
            insert.Parameters.AddWithValue("$clockDrift", (object?)piece.Clock?.MaxDriftPpm ?? DBNull.Value);
            insert.Parameters.AddWithValue("$clockSources", (object?)(piece.Clock is { } clock ? string.Join(',', clock.Sources) : null) ?? DBNull.Value);
            insert.Parameters.AddWithValue("$codecs", (object?)piece.Media?.Codecs ?? DBNull.Value);
            insert.Parameters.AddWithValue("$width", (object?)piece.Media?.Width ?? DBNull.Value);
            insert.Parameters.AddWithValue("$height", (object?)piece.Media?.Height ?? DBNull.Value);
            insert.Parameters.AddWithValue("$frameRate", (object?)piece.Media?.FrameRate ?? DBNull.Value);
            insert.Parameters.AddWithValue("$bitrate", (object?)piece.Media?.PeakBitrateBps ?? DBNull.Value);
            insert.Parameters.AddWithValue("$count", piece.SegmentCount);
            insert.Parameters.AddWithValue("$size", piece.SizeBytes);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<TimelinePiece>> ReadPiecesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var pieces = new List<TimelinePiece>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pieces.Add(ReadPiece(reader));
        }

        return pieces;
    }

    private static TimelinePiece ReadPiece(SqliteDataReader reader) =>
        new(
            reader.GetString(0),
            new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
            new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
            reader.GetInt64(3) == 1,
            new PieceTail(reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.IsDBNull(20) ? null : reader.GetString(20)),
            reader.IsDBNull(7) ? null : new SegmentMedia(reader.GetString(7), NullableInt(reader, 8), NullableInt(reader, 9), null, null),
            reader.IsDBNull(12) ? null : new ClockSummary(NullableDouble(reader, 10), NullableDouble(reader, 11), [.. reader.GetString(12).Split(',').Select(Enum.Parse<ClockSource>)]),
            reader.IsDBNull(13) ? null : new MediaSummary(reader.GetString(13), NullableInt(reader, 14), NullableInt(reader, 15), NullableDouble(reader, 16), reader.IsDBNull(17) ? null : reader.GetInt64(17)),
            reader.GetInt32(18),
            reader.GetInt64(19));

    private static int? NullableInt(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    private static double? NullableDouble(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
