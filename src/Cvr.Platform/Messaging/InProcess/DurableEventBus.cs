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
/// succeeded or dropped it, and survives a crash in SQLite), and a failed delivery is retried as daprd
/// retries it, on the <see cref="DeliveryPolicy"/>, without holding up later events, then dead-lettered.
/// </summary>
public sealed partial class DurableEventBus : IEventPublisher, IHostedService, IAsyncDisposable
{
    private const int BatchSize = 16;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    private readonly DeliveryTable _table;
    private readonly IReadOnlyList<EventSubscription> _subscriptions;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<DurableEventBus> _logger;
    private readonly DeliveryPolicy _policy;
    private readonly DeliveryMetrics? _metrics;
    private readonly Dictionary<string, Channel<bool>> _signals;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _dispatchers = [];

    public DurableEventBus(
        SqliteDatabase database,
        IEnumerable<EventSubscription> subscriptions,
        IServiceProvider services,
        TimeProvider time,
        ILogger<DurableEventBus> logger,
        DeliveryPolicy? policy = null,
        DeliveryMetrics? metrics = null)
    {
        _table = new DeliveryTable(database);
        _subscriptions = [.. subscriptions];
        _services = services;
        _time = time;
        _logger = logger;
        _policy = policy ?? DeliveryPolicy.Default;
        _metrics = metrics;
        _signals = _subscriptions.ToDictionary(
            s => s.SubscriberKey,
            _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }));
    }

    public async Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(@event);
        var targets = _subscriptions.Where(s => s.Topic == TEvent.Topic).ToList();
        if (targets.Count == 0)
        {
            await _table.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var span = MessageTracing.StartPublish(MessageTracing.InProcessSystem, TEvent.Topic);
        var payload = JsonSerializer.Serialize(@event, EventJson.Options);
        await _table.InsertAsync(targets, payload, MessageTracing.CurrentTraceParent(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var target in targets)
        {
            _signals[target.SubscriberKey].Writer.TryWrite(true);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _table.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
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
        _table.Dispose();
    }

    /// <summary>How many deliveries are still waiting for <paramref name="subscriberKey"/>.</summary>
    public Task<long> PendingAsync(string subscriberKey, CancellationToken cancellationToken) =>
        _table.PendingAsync(subscriberKey, cancellationToken);

    /// <summary>When the earliest delivery waiting for <paramref name="subscriberKey"/> is due; null when none waits.</summary>
    public Task<DateTimeOffset?> NextDueAsync(string subscriberKey, CancellationToken cancellationToken) =>
        _table.NextDueAsync(subscriberKey, cancellationToken);

    /// <summary>What the bus gave up delivering, oldest first (the newest <see cref="DeliveryPolicy.DeadLettersKept"/> per app id).</summary>
    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken) =>
        _table.DeadLettersAsync(cancellationToken);

    private async Task DispatchLoopAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        var signal = _signals[subscription.SubscriberKey].Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var due = await _table.FetchDueAsync(subscription.SubscriberKey, _time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
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
        var outcome = await AttemptAsync(subscription, delivery, cancellationToken).ConfigureAwait(false);
        if (outcome == HandlerOutcome.Retry)
        {
            var retry = delivery.Attempts + 1;
            if (_policy.DelayBefore(retry) is { } delay)
            {
                LogRetrying(subscription.SubscriberKey, delivery.Id, retry, delay);
                _metrics?.AddRetry(subscription.AppId, subscription.Topic);
                await _table.RescheduleAsync(delivery.Id, _time.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _table.DeadLetterAsync(delivery.Id, subscription.AppId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            LogDeadLetter(subscription.SubscriberKey, delivery.Id, retry, delivery.Payload);
            _metrics?.AddDeadLetter(subscription.AppId, subscription.Topic);
            return;
        }

        if (outcome == HandlerOutcome.Drop)
        {
            LogDropped(subscription.SubscriberKey, delivery.Id, subscription.Topic);
        }

        await _table.DeleteAsync(delivery.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt in its consumer span, continuing the publisher's trace.</summary>
    private async Task<HandlerOutcome> AttemptAsync(EventSubscription subscription, Delivery delivery, CancellationToken cancellationToken)
    {
        using var span = MessageTracing.StartProcess(MessageTracing.InProcessSystem, subscription.Topic, subscription.AppId, delivery.TraceParent);
        var outcome = await AttemptWithTimeoutAsync(subscription, delivery, cancellationToken).ConfigureAwait(false);
        MessageTracing.Record(span, outcome);
        return outcome;
    }

    /// <summary>One attempt, cut off after the policy's timeout as daprd cuts off a delivery.</summary>
    private async Task<HandlerOutcome> AttemptWithTimeoutAsync(EventSubscription subscription, Delivery delivery, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_policy.AttemptTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var document = JsonDocument.Parse(delivery.Payload);
            return await subscription.DispatchAsync(_services, document.RootElement, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the copy stays in the table and is delivered again after a restart
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            LogHandlerTimedOut(ex, subscription.SubscriberKey, delivery.Id, _policy.AttemptTimeout);
            return HandlerOutcome.Retry;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, subscription.SubscriberKey, delivery.Id);
            return HandlerOutcome.Retry;
        }
    }

    private async Task WaitForWorkAsync(string subscriberKey, ChannelReader<bool> signal, CancellationToken cancellationToken)
    {
        var wait = await _table.NextDueAsync(subscriberKey, cancellationToken).ConfigureAwait(false) is { } dueAt
            ? dueAt - _time.GetUtcNow()
            : IdlePoll;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = signal.WaitToReadAsync(linked.Token).AsTask();
        var timer = Task.Delay(wait > IdlePoll ? IdlePoll : wait, _time, linked.Token);
        await Task.WhenAny(signalled, timer).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        while (signal.TryRead(out _))
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Event dispatch loop for {Subscriber} failed; retrying")]
    private partial void LogLoopFailed(Exception exception, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler {Subscriber} threw on delivery {DeliveryId}")]
    private partial void LogHandlerFailed(Exception exception, string subscriber, long deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler {Subscriber} did not finish delivery {DeliveryId} within {Timeout}")]
    private partial void LogHandlerTimedOut(Exception exception, string subscriber, long deliveryId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {Subscriber} will be retried (attempt {Attempt}) in {Delay}")]
    private partial void LogRetrying(string subscriber, long deliveryId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Topic} was dropped by {Subscriber}")]
    private partial void LogDropped(string subscriber, long deliveryId, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead letter for {Subscriber}: delivery {DeliveryId} failed {Attempts} times and is given up: {Payload}")]
    private partial void LogDeadLetter(string subscriber, long deliveryId, int attempts, string payload);
}
