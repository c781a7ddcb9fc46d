using System.Text.Json;
using System.Threading.Channels;
using Cvr.Contracts.Events;
using Cvr.Platform.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.Messaging.InProcess;

/// <summary>
/// The single-process event bus. It keeps Dapr's pub/sub semantics: every subscribing service gets its
/// own copy of each event, delivery is at-least-once (a copy is deleted only after its handler
/// succeeded or dropped it, and survives a crash in SQLite), and failures are retried with capped
/// exponential backoff without holding up later events.
/// </summary>
public sealed partial class DurableEventBus : IEventPublisher, IHostedService, IAsyncDisposable
{
    private const int BatchSize = 16;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    private readonly SqliteDatabase _database;
    private readonly IReadOnlyList<EventSubscription> _subscriptions;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<DurableEventBus> _logger;
    private readonly RetryBackoff _backoff;
    private readonly Dictionary<string, Channel<bool>> _signals;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _dispatchers = [];
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _schemaReady;

    public DurableEventBus(
        SqliteDatabase database,
        IEnumerable<EventSubscription> subscriptions,
        IServiceProvider services,
        TimeProvider time,
        ILogger<DurableEventBus> logger,
        RetryBackoff? backoff = null)
    {
        _database = database;
        _subscriptions = [.. subscriptions];
        _services = services;
        _time = time;
        _logger = logger;
        _backoff = backoff ?? RetryBackoff.Default;
        _signals = _subscriptions.ToDictionary(
            s => s.SubscriberKey,
            _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }));
    }

    public async Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(@event);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var targets = _subscriptions.Where(s => s.Topic == TEvent.Topic).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        var payload = JsonSerializer.Serialize(@event, EventJson.Options);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var target in targets)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO bus_deliveries(subscriber, topic, payload, attempts, due_at) VALUES ($s, $t, $p, 0, $d)";
                insert.Parameters.AddWithValue("$s", target.SubscriberKey);
                insert.Parameters.AddWithValue("$t", target.Topic);
                insert.Parameters.AddWithValue("$p", payload);
                insert.Parameters.AddWithValue("$d", now);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var target in targets)
        {
            _signals[target.SubscriberKey].Writer.TryWrite(true);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        foreach (var subscription in _subscriptions)
        {
            _dispatchers.Add(Task.Run(() => DispatchLoopAsync(subscription, _stopping.Token), CancellationToken.None));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_dispatchers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_dispatchers).ConfigureAwait(false);
        _stopping.Dispose();
        _schema.Dispose();
    }

    /// <summary>How many deliveries are still waiting for <paramref name="subscriberKey"/>.</summary>
    public async Task<long> PendingAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM bus_deliveries WHERE subscriber = $s";
        command.Parameters.AddWithValue("$s", subscriberKey);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task DispatchLoopAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        var signal = _signals[subscription.SubscriberKey].Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var due = await FetchDueAsync(subscription.SubscriberKey, cancellationToken).ConfigureAwait(false);
                foreach (var delivery in due)
                {
                    await DeliverAsync(subscription, delivery, cancellationToken).ConfigureAwait(false);
                }

                if (due.Count < BatchSize)
                {
                    await WaitForWorkAsync(subscription.SubscriberKey, signal, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex, subscription.SubscriberKey);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverAsync(EventSubscription subscription, Delivery delivery, CancellationToken cancellationToken)
    {
        HandlerOutcome outcome;
        try
        {
            using var document = JsonDocument.Parse(delivery.Payload);
            outcome = await subscription.DispatchAsync(_services, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the copy stays in the table and is delivered again after a restart
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, subscription.SubscriberKey, delivery.Id);
            outcome = HandlerOutcome.Retry;
        }

        if (outcome == HandlerOutcome.Retry)
        {
            var delay = _backoff.DelayFor(delivery.Attempts + 1);
            LogRetrying(subscription.SubscriberKey, delivery.Id, delivery.Attempts + 1, delay);
            await RescheduleAsync(delivery.Id, delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (outcome == HandlerOutcome.Drop)
        {
            LogDropped(subscription.SubscriberKey, delivery.Id, subscription.Topic);
        }

        await DeleteAsync(delivery.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForWorkAsync(string subscriberKey, ChannelReader<bool> signal, CancellationToken cancellationToken)
    {
        var wait = await TimeUntilNextDueAsync(subscriberKey, cancellationToken).ConfigureAwait(false);
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = signal.WaitToReadAsync(linked.Token).AsTask();
        var timer = Task.Delay(wait, _time, linked.Token);
        await Task.WhenAny(signalled, timer).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        while (signal.TryRead(out _))
        {
        }
    }

    private async Task<TimeSpan> TimeUntilNextDueAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(due_at) FROM bus_deliveries WHERE subscriber = $s";
        command.Parameters.AddWithValue("$s", subscriberKey);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (result is not long dueAt)
        {
            return IdlePoll;
        }

        var wait = DateTimeOffset.FromUnixTimeMilliseconds(dueAt) - _time.GetUtcNow();
        return wait > IdlePoll ? IdlePoll : wait;
    }

    private async Task<List<Delivery>> FetchDueAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, payload, attempts FROM bus_deliveries
            WHERE subscriber = $s AND due_at <= $now ORDER BY id LIMIT $n
            """;
        command.Parameters.AddWithValue("$s", subscriberKey);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$n", BatchSize);
        var deliveries = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            deliveries.Add(new Delivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return deliveries;
    }

    private async Task RescheduleAsync(long id, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE bus_deliveries SET attempts = attempts + 1, due_at = $d WHERE id = $id";
        command.Parameters.AddWithValue("$d", (_time.GetUtcNow() + delay).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM bus_deliveries WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
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
                await _database.ExecuteAsync(
                    """
                    CREATE TABLE IF NOT EXISTS bus_deliveries(
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        subscriber TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        due_at INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS bus_deliveries_due ON bus_deliveries(subscriber, due_at, id);
                    """,
                    cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
        }
        finally
        {
            _schema.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Event dispatch loop for {Subscriber} failed; retrying")]
    private partial void LogLoopFailed(Exception exception, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler {Subscriber} threw on delivery {DeliveryId}")]
    private partial void LogHandlerFailed(Exception exception, string subscriber, long deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {Subscriber} will be retried (attempt {Attempt}) in {Delay}")]
    private partial void LogRetrying(string subscriber, long deliveryId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Topic} was dropped by {Subscriber}")]
    private partial void LogDropped(string subscriber, long deliveryId, string topic);

    private sealed record Delivery(long Id, string Payload, int Attempts);
}
