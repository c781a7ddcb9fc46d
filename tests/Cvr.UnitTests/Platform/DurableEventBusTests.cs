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
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
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
        Assert.DoesNotContain("uploader:a", _recorder.Seen);

        // The bus reschedules and arms its timer after the handler returned: time moves a second at a
        // time until the retry comes, which must be within the 1 s backoff (and a second of slack).
        var advanced = 0;
        await Eventually.WaitAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                advanced++;
                return Task.FromResult(_recorder.Attempts >= 3);
            },
            Wait,
            "the retry is delivered");
        Assert.Contains("uploader:a", _recorder.Seen);
        Assert.InRange(advanced, 1, 3);
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
