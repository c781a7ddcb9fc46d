using System.Collections.Concurrent;
using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;
using Cvr.Platform.Messaging.InProcess;
using Cvr.Platform.Sqlite;
using Cvr.Testing;
using Cvr.UnitTests.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cvr.UnitTests.Platform;

/// <summary>
/// The in-process bus applies the <see cref="DeliveryPolicy"/> daprd applies under Dapr. Time is a fake
/// clock moved only once the bus has armed its wait for the next retry (it creates a timer): the bus never
/// races the test's clock, and every wait below is for a fact, bounded.
/// </summary>
public sealed class DeliveryPolicyTests : IDisposable
{
    private static readonly string Subscriber = "uploader/" + CameraConnected.Topic;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly TemporaryFolder _folder = new();
    private readonly ObservedClock _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();
    private readonly TestMeterFactory _meters = new();
    private readonly MeasurementLog _measurements;
    private readonly DeliveryMetrics _metrics;

    public DeliveryPolicyTests()
    {
        _measurements = new MeasurementLog(_meters);
        _metrics = new DeliveryMetrics(_meters);
    }

    [Fact]
    public async Task Delivery_HandlerAlwaysAsksRetry_RetriedOnThePolicyThenDeadLetteredAndLoggedOnce()
    {
        var handler = new ScriptedHandler(_clock, failures: int.MaxValue);
        await using var bus = await StartBusAsync(handler);

        await bus.PublishAsync(Event("a"), CancellationToken.None);
        await RunRetriesAsync(bus, handler, DeliveryPolicy.Default.MaxRetries);
        await handler.WaitForAttemptAsync(DeliveryPolicy.Default.MaxRetries + 1, Bound);
        await _clock.WaitForTimerAfterAsync(handler.TimersAtLastAttempt, Bound); // dead-lettered: the bus waits again

        Assert.Equal(0, await bus.PendingAsync(Subscriber, CancellationToken.None));
        var letter = Assert.Single(await bus.DeadLettersAsync(CancellationToken.None));
        Assert.Equal(("uploader", Subscriber, CameraConnected.Topic, 11), (letter.AppId, letter.Subscriber, letter.Topic, letter.Attempts));
        Assert.Contains("\"sessionId\":\"a\"", letter.Payload, StringComparison.Ordinal);
        AssertAbout(handler.AttemptTimes[^1], letter.FailedAt);
        var elapsed = handler.AttemptTimes[^1] - handler.AttemptTimes[0];
        Assert.InRange(elapsed.TotalSeconds, 44, 46); // what resiliency.yaml's comment promises daprd does
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("Dead letter for " + Subscriber, StringComparison.Ordinal));
        (string, object?)[] tags = [("messaging.consumer.group.name", "uploader"), ("messaging.destination.name", CameraConnected.Topic)];
        Assert.Equal(DeliveryPolicy.Default.MaxRetries, _measurements.Values("cvr.messaging.delivery_retries", tags).Sum());
        Assert.Equal([1.0], _measurements.Values("cvr.messaging.dead_letters", tags));
    }

    [Fact]
    public async Task Delivery_HandlerSucceedsOnTheLastRetry_IsDeliveredAndNotDeadLettered()
    {
        var handler = new ScriptedHandler(_clock, failures: DeliveryPolicy.Default.MaxRetries);
        await using var bus = await StartBusAsync(handler);

        await bus.PublishAsync(Event("b"), CancellationToken.None);
        await RunRetriesAsync(bus, handler, DeliveryPolicy.Default.MaxRetries);
        await handler.WaitForAttemptAsync(DeliveryPolicy.Default.MaxRetries + 1, Bound);
        await _clock.WaitForTimerAfterAsync(handler.TimersAtLastAttempt, Bound);

        Assert.Equal(0, await bus.PendingAsync(Subscriber, CancellationToken.None));
        Assert.Empty(await bus.DeadLettersAsync(CancellationToken.None));
        Assert.DoesNotContain(_log.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Delivery_HandlerOutlastsTheAttemptTimeout_IsCancelledAndRetriedOnThePolicy()
    {
        var handler = new ScriptedHandler(_clock, failures: 0, hangFirst: true);
        await using var bus = await StartBusAsync(handler);

        await bus.PublishAsync(Event("c"), CancellationToken.None);
        await handler.WaitForAttemptAsync(1, Bound);
        _clock.Advance(DeliveryPolicy.Default.AttemptTimeout); // the attempt's timer exists: it was armed before the handler ran
        await _clock.WaitForTimerAfterAsync(handler.TimersAtLastAttempt, Bound); // timed out and rescheduled: the bus waits again

        var due = await bus.NextDueAsync(Subscriber, CancellationToken.None);
        var timedOutAt = handler.AttemptTimes[0] + DeliveryPolicy.Default.AttemptTimeout;
        AssertAbout(timedOutAt + DeliveryPolicy.Default.DelayBefore(1)!.Value, due);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("did not finish", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _measurements.Dispose();
        _meters.Dispose();
        _folder.Dispose();
    }

    /// <summary>For each retry: the bus rescheduled (its wait timer exists), at the policy's delay; then time moves exactly that far.</summary>
    private async Task RunRetriesAsync(DurableEventBus bus, ScriptedHandler handler, int retries)
    {
        for (var retry = 1; retry <= retries; retry++)
        {
            await handler.WaitForAttemptAsync(retry, Bound);
            await _clock.WaitForTimerAfterAsync(handler.TimersAtLastAttempt, Bound);
            var delay = DeliveryPolicy.Default.DelayBefore(retry)!.Value;
            AssertAbout(handler.AttemptTimes[^1] + delay, await bus.NextDueAsync(Subscriber, CancellationToken.None));
            _clock.Advance(delay);
        }
    }

    /// <summary>The bus keeps due times in whole milliseconds.</summary>
    private static void AssertAbout(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.InRange((expected - actual.Value).TotalMilliseconds, 0, 1);
    }

    private async Task<DurableEventBus> StartBusAsync(ScriptedHandler handler)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(handler);
        collection.AddEventHandler<CameraConnected, ScriptedHandler>("uploader");
        var services = collection.BuildServiceProvider();
        var bus = new DurableEventBus(
            new SqliteDatabase(_folder.File("bus.db")),
            services.GetServices<EventSubscription>(),
            services,
            _clock,
            _log,
            metrics: _metrics);
        await bus.StartAsync(CancellationToken.None);
        return bus;
    }

    private static CameraConnected Event(string session) => new("camera", session, DateTimeOffset.UnixEpoch);

    /// <summary>Answers Retry for its first <c>failures</c> attempts (or hangs on the first until cancelled), then Success.</summary>
    public sealed class ScriptedHandler(ObservedClock clock, int failures, bool hangFirst = false) : IEventHandler<CameraConnected>
    {
        private readonly SemaphoreSlim _attempted = new(0);
        private readonly ConcurrentQueue<(DateTimeOffset At, int Timers)> _attempts = new();

        public IReadOnlyList<DateTimeOffset> AttemptTimes => [.. _attempts.Select(a => a.At)];

        /// <summary>Timers the clock had created when the last attempt began (the attempt's own timeout among them).</summary>
        public int TimersAtLastAttempt => _attempts.Last().Timers;

        public async Task<HandlerOutcome> HandleAsync(CameraConnected @event, CancellationToken cancellationToken)
        {
            // One entry per attempt, time and timers together: a waiting test never sees half of it.
            _attempts.Enqueue((clock.GetUtcNow(), clock.TimersCreated));
            var attempt = _attempts.Count;
            _attempted.Release();
            if (hangFirst && attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return attempt <= failures ? HandlerOutcome.Retry : HandlerOutcome.Success;
        }

        public async Task WaitForAttemptAsync(int attempt, TimeSpan bound)
        {
            using var cancel = new CancellationTokenSource(bound);
            while (_attempts.Count < attempt)
            {
                await _attempted.WaitAsync(cancel.Token);
            }
        }
    }

    /// <summary>A fake clock that tells when a timer was created: the bus arms one whenever it waits.</summary>
    public sealed class RecordingLogger : ILogger<DurableEventBus>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
