using Cvr.Platform.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cvr.Platform.Messaging.InProcess;

/// <summary>
/// The in-process bus in SQLite: one row per copy of an event still owed to a subscriber, with its failed
/// attempts and when it is due next, and the dead letters the bus gave up on, the newest
/// <see cref="DeliveryPolicy.DeadLettersKept"/> per app id.
/// </summary>
internal sealed class DeliveryTable(SqliteDatabase database) : IDisposable
{
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _schemaReady;

    /// <param name="traceParent">The publisher's W3C traceparent, kept with each copy so that its delivery continues the trace.</param>
    public async Task InsertAsync(IEnumerable<EventSubscription> targets, string payload, string? traceParent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var target in targets)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO bus_deliveries(subscriber, topic, payload, attempts, due_at, traceparent) VALUES ($s, $t, $p, 0, $d, $tp)";
            insert.Parameters.AddWithValue("$s", target.SubscriberKey);
            insert.Parameters.AddWithValue("$t", target.Topic);
            insert.Parameters.AddWithValue("$p", payload);
            insert.Parameters.AddWithValue("$d", now.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$tp", (object?)traceParent ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<List<Delivery>> FetchDueAsync(string subscriberKey, DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, payload, attempts, traceparent FROM bus_deliveries
            WHERE subscriber = $s AND due_at <= $now ORDER BY id LIMIT $n
            """;
        command.Parameters.AddWithValue("$s", subscriberKey);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$n", count);
        var deliveries = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            deliveries.Add(new Delivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetValue(3) as string));
        }

        return deliveries;
    }

    /// <summary>When the subscriber's earliest delivery is due; null when none is waiting.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var dueAt = await ScalarAsync("SELECT MIN(due_at) FROM bus_deliveries WHERE subscriber = $s", subscriberKey, cancellationToken).ConfigureAwait(false);
        return dueAt is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<long> PendingAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await ScalarAsync("SELECT COUNT(*) FROM bus_deliveries WHERE subscriber = $s", subscriberKey, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Counts one more failed attempt and makes the delivery due again at <paramref name="dueAt"/>.</summary>
    public async Task RescheduleAsync(long id, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE bus_deliveries SET attempts = attempts + 1, due_at = $d WHERE id = $id";
        command.Parameters.AddWithValue("$d", dueAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM bus_deliveries WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the delivery, its last attempt counted, to the dead letters, in one transaction.</summary>
    public async Task DeadLetterAsync(long id, string appId, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO bus_dead_letters(app_id, subscriber, topic, payload, attempts, failed_at)
                SELECT $app, subscriber, topic, payload, attempts + 1, $at FROM bus_deliveries WHERE id = $id;
            DELETE FROM bus_deliveries WHERE id = $id;
            DELETE FROM bus_dead_letters WHERE app_id = $app AND id NOT IN
                (SELECT id FROM bus_dead_letters WHERE app_id = $app ORDER BY id DESC LIMIT $kept);
            """;
        command.Parameters.AddWithValue("$app", appId);
        command.Parameters.AddWithValue("$at", failedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$kept", DeliveryPolicy.DeadLettersKept);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT app_id, subscriber, topic, payload, attempts, failed_at FROM bus_dead_letters ORDER BY id";
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return letters;
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schema.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await database.ExecuteAsync(
                    """
                    CREATE TABLE IF NOT EXISTS bus_deliveries(
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        subscriber TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        due_at INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS bus_deliveries_due ON bus_deliveries(subscriber, due_at, id);
                    CREATE TABLE IF NOT EXISTS bus_dead_letters(
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        app_id TEXT NOT NULL,
                        subscriber TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        failed_at INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS bus_dead_letters_app ON bus_dead_letters(app_id, id);
                    """,
                    cancellationToken).ConfigureAwait(false);
                await AddTraceParentColumnAsync(cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
        }
        finally
        {
            _schema.Release();
        }
    }

    public void Dispose() => _schema.Dispose();

    /// <summary>Databases made before deliveries carried their trace get the column; their old rows have none.</summary>
    private async Task AddTraceParentColumnAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info('bus_deliveries') WHERE name = 'traceparent'";
        if ((long)(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
        {
            await using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE bus_deliveries ADD COLUMN traceparent TEXT";
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<object?> ScalarAsync(string sql, string subscriberKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", subscriberKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A copy of an event owed to one subscriber, how many times its delivery failed so far, and the trace it belongs to.</summary>
internal sealed record Delivery(long Id, string Payload, int Attempts, string? TraceParent);
