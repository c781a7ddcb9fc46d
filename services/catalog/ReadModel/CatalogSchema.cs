using Cvr.Platform.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cvr.Catalog.ReadModel;

/// <summary>The catalog database's tables, made once per process, and the columns older catalogs lack.</summary>
internal sealed class CatalogSchema(SqliteDatabase database)
{
    private readonly SqliteDatabase _database = database;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    /// <summary>
    /// Catalogs written before segments carried their clock (and evictions their reason), or their media,
    /// get the columns, empty: their rows read as segments whose clock or media is not known. Assets get
    /// their longest segment, filled by <see cref="KeepTimelinesAsync"/>.
    /// </summary>
    private async Task AddMissingColumnsAsync(CancellationToken cancellationToken)
    {
        await AddMissingColumnsAsync("segments", [("clock_source", "TEXT"), ("clock_error_ms", "REAL"), ("clock_drift_ppm", "REAL"), ("evicted_reason", "TEXT"),
            ("codecs", "TEXT"), ("width", "INTEGER"), ("height", "INTEGER"), ("frame_rate", "REAL"), ("bitrate_bps", "INTEGER")], cancellationToken).ConfigureAwait(false);
        await AddMissingColumnsAsync("assets", [("longest_segment_ticks", "INTEGER")], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A catalog written before timelines were kept gets them once, here: each asset's longest segment
    /// and its <see cref="TimelinePiece"/>s, computed from its segments.
    /// </summary>
    private async Task KeepTimelinesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var assets = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT a.name FROM assets a WHERE a.longest_segment_ticks IS NULL AND EXISTS (SELECT 1 FROM segments s WHERE s.asset = a.name)
                UNION SELECT a.name FROM assets a WHERE EXISTS (SELECT 1 FROM segments s WHERE s.asset = a.name) AND NOT EXISTS (SELECT 1 FROM timeline_pieces p WHERE p.asset = a.name)
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                assets.Add(reader.GetString(0));
            }
        }

        foreach (var asset in assets)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var longest = connection.CreateCommand())
            {
                longest.CommandText = "UPDATE assets SET longest_segment_ticks = (SELECT MAX(end_ticks - start_ticks) FROM segments WHERE asset = $asset) WHERE name = $asset";
                longest.Parameters.AddWithValue("$asset", asset);
                await longest.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await TimelineIndex.RebuildAsync(connection, asset, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddMissingColumnsAsync(string table, (string Column, string Type)[] wanted, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var (column, type) in wanted)
        {
            if (!columns.Contains(column))
            {
                await using var alter = connection.CreateCommand();
                alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {type}";
                await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            await _database.ExecuteAsync(
                """
                CREATE TABLE IF NOT EXISTS assets(name TEXT PRIMARY KEY, stream_id TEXT);
                CREATE TABLE IF NOT EXISTS streams(stream_id TEXT PRIMARY KEY, asset TEXT NOT NULL, cache_path TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS segments(
                    asset TEXT NOT NULL, file_name TEXT NOT NULL, stream_id TEXT NOT NULL, session_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL, start_ticks INTEGER NOT NULL, end_ticks INTEGER NOT NULL,
                    size INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded INTEGER NOT NULL,
                    evicted INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY(asset, file_name));
                CREATE TABLE IF NOT EXISTS session_ends(
                    stream_id TEXT NOT NULL, session_id TEXT NOT NULL, ended_ticks INTEGER NOT NULL, reason TEXT NOT NULL,
                    PRIMARY KEY(stream_id, session_id));
                CREATE INDEX IF NOT EXISTS segments_by_time ON segments(asset, start_ticks);
                CREATE INDEX IF NOT EXISTS segments_by_end ON segments(asset, end_ticks);
                CREATE TABLE IF NOT EXISTS segment_indexes(
                    asset TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(asset, file_name));
                """ + TimelineIndex.Schema,
                cancellationToken).ConfigureAwait(false);
            await AddMissingColumnsAsync(cancellationToken).ConfigureAwait(false);
            await KeepTimelinesAsync(cancellationToken).ConfigureAwait(false);
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
