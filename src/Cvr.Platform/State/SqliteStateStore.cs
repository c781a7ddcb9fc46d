using System.Globalization;
using System.Text.Json;
using Cvr.Platform.Messaging;
using Cvr.Platform.Sqlite;

namespace Cvr.Platform.State;

/// <summary>Embedded durable state: one table in the host's SQLite file, rows keyed by (app id, key).</summary>
public sealed class SqliteStateStore : IStateStore
{
    private readonly SqliteDatabase _database;
    private readonly string _appId;

    public SqliteStateStore(SqliteDatabase database, string appId)
    {
        _database = database;
        _appId = appId;
    }

    public static Task CreateSchemaAsync(SqliteDatabase database, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS state(
                app TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                etag INTEGER NOT NULL,
                PRIMARY KEY(app, key));
            """,
            cancellationToken);

    public async Task<StateEntry<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value, etag FROM state WHERE app = $a AND key = $k";
        command.Parameters.AddWithValue("$a", _appId);
        command.Parameters.AddWithValue("$k", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var value = JsonSerializer.Deserialize<T>(reader.GetString(0), EventJson.Options)!;
        return new StateEntry<T>(value, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
    }

    public async Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO state(app, key, value, etag) VALUES ($a, $k, $v, 1)
            ON CONFLICT(app, key) DO UPDATE SET value = excluded.value, etag = state.etag + 1
            """;
        command.Parameters.AddWithValue("$a", _appId);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", JsonSerializer.Serialize(value, EventJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TrySaveAsync<T>(string key, T value, string etag, CancellationToken cancellationToken)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            return false;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE state SET value = $v, etag = etag + 1 WHERE app = $a AND key = $k AND etag = $e";
        command.Parameters.AddWithValue("$a", _appId);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$e", expected);
        command.Parameters.AddWithValue("$v", JsonSerializer.Serialize(value, EventJson.Options));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryCreateAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO state(app, key, value, etag) VALUES ($a, $k, $v, 1) ON CONFLICT(app, key) DO NOTHING";
        command.Parameters.AddWithValue("$a", _appId);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", JsonSerializer.Serialize(value, EventJson.Options));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deleted content is zeroed as it goes (secure_delete); older page images leave with the write-ahead log.</summary>
    public Task<bool> ScrubAsync(CancellationToken cancellationToken) => _database.CheckpointAsync(cancellationToken);

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM state WHERE app = $a AND key = $k";
        command.Parameters.AddWithValue("$a", _appId);
        command.Parameters.AddWithValue("$k", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
