using System.Collections.Concurrent;
using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;
using Cvr.Platform.Messaging.InProcess;
using Cvr.Platform.Sqlite;
using Cvr.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Platform;

public class DurableEventBusTests : IDisposable
{
    private static readonly TimeSpan Wait = Eventually.Bound;
    private readonly TemporaryFolder _folder = new();
    private readonly WatchedTime _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly Recorder _recorder = new();

    [Fact]
    public async Task PublishAsync_TwoSubscribingServices_EachGetsItsOwnCopy()
    {
        await using var bus = CreateBus(out _);
        await bus.StartAsync(CancellationToken.None);

        await bus.PublishAsync(Event("a"), CancellationToken.None);

        await _recorder.WaitForAsync(2, Wait);
        Assert.Equal(["catalog:a", "uploader:a"], _recorder.Seen.Order());
    }

    [Fact]
    public async Task Delivery_HandlerAsksRetry_IsDeliveredAgainAfterBackoff()
    {
        _recorder.FailuresLeft["uploader"] = 1;
        await using var bus = CreateBus(out _);
        await bus.StartAsync(CancellationToken.None);

        await bus.PublishAsync(Event("a"), CancellationToken.None);
        await _recorder.WaitForAsync(2, Wait);

        // The bus reschedules the copy after the handler returned, then waits on its clock: only once
        // it waits for exactly the backoff does the clock move, and by exactly that much.
        var backoff = DeliveryPolicy.Default.DelayBefore(1)!.Value;
        await Eventually.WaitAsync(() => Task.FromResult(_time.Waits.Contains(backoff)), Wait, $"the bus waits {backoff} for the retry");
        Assert.Equal(2, _recorder.Attempts);
        Assert.DoesNotContain("uploader:a", _recorder.Seen);

        _time.Advance(backoff);

        await _recorder.WaitForAsync(3, Wait);
        Assert.Contains("uploader:a", _recorder.Seen);
    }

    [Fact]
    public async Task PublishAsync_BusStoppedBeforeDelivery_DeliversAfterRestart()
    {
        await using (var stopped = CreateBus(out _))
        {
            await stopped.PublishAsync(Event("kept"), CancellationToken.None);
        }

        await using var bus = CreateBus(out _);
        await bus.StartAsync(CancellationToken.None);

        await _recorder.WaitForAsync(2, Wait);
        Assert.Contains("catalog:kept", _recorder.Seen);

        // The handler ran; the bus records the delivery right after it returns.
        await Eventually.WaitAsync(
            async () => await bus.PendingAsync("catalog/" + CameraConnected.Topic, CancellationToken.None) == 0,
            Wait,
            "the delivered event is no longer pending");
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private static CameraConnected Event(string session) => new("camera", session, DateTimeOffset.UnixEpoch);

    private DurableEventBus CreateBus(out ServiceProvider services)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(_recorder);
        collection.AddEventHandler<CameraConnected, UploaderHandler>("uploader");
        collection.AddEventHandler<CameraConnected, CatalogHandler>("catalog");
        services = collection.BuildServiceProvider();
        return new DurableEventBus(
            new SqliteDatabase(_folder.File("bus.db")),
            services.GetServices<EventSubscription>(),
            services,
            _time,
            NullLogger<DurableEventBus>.Instance);
    }

    public sealed class Recorder
    {
        private readonly SemaphoreSlim _deliveries = new(0);

        public ConcurrentBag<string> Seen { get; } = [];

        public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

        private int _attempts;

        // Each service's dispatch loop calls in on its own thread.
        public int Attempts => Volatile.Read(ref _attempts);

        public HandlerOutcome Record(string service, CameraConnected @event)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                if (FailuresLeft.TryGetValue(service, out var left) && left > 0)
                {
                    FailuresLeft[service] = left - 1;
                    return HandlerOutcome.Retry;
                }

                Seen.Add($"{service}:{@event.SessionId}");
                return HandlerOutcome.Success;
            }
            finally
            {
                _deliveries.Release();
            }
        }

        public async Task WaitForAsync(int attempts, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            while (Attempts < attempts)
            {
                await _deliveries.WaitAsync(cancel.Token);
            }
        }
    }

    /// <summary>A fake clock that also tells which waits (timers) were armed on it, so that a test moves time only once the bus waits.</summary>
    public sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly ConcurrentQueue<TimeSpan> _waits = new();

        public IReadOnlyCollection<TimeSpan> Waits => _waits;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _waits.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    public sealed class UploaderHandler(Recorder recorder) : IEventHandler<CameraConnected>
    {
        public Task<HandlerOutcome> HandleAsync(CameraConnected @event, CancellationToken cancellationToken) =>
            Task.FromResult(recorder.Record("uploader", @event));
    }

    public sealed class CatalogHandler(Recorder recorder) : IEventHandler<CameraConnected>
    {
        public Task<HandlerOutcome> HandleAsync(CameraConnected @event, CancellationToken cancellationToken) =>
            Task.FromResult(recorder.Record("catalog", @event));
    }
}
