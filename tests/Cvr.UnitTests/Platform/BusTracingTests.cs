using System.Collections.Concurrent;
using System.Diagnostics;
using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;
using Cvr.Platform.Messaging.InProcess;
using Cvr.Platform.Sqlite;
using Cvr.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cvr.UnitTests.Platform;

/// <summary>
/// The in-process bus carries the publisher's W3C traceparent with each copy of an event, in its table:
/// the subscriber's consumer span continues the publisher's trace, even after a restart in between.
/// </summary>
public sealed class BusTracingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly TracedHandler.Seen _seen = new();

    public BusTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MessageTracing.SourceName || s.Name == nameof(BusTracingTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task Delivery_PublishedInsideATrace_ContinuesItInTheConsumerSpan()
    {
        await using var bus = CreateBus();
        await bus.StartAsync(CancellationToken.None);

        var trace = await PublishInTraceAsync(bus, "a");

        var delivered = await _seen.WaitAsync("a");
        Assert.Equal(trace, delivered.TraceId);
        var process = await StoppedAsync($"{CameraConnected.Topic} process", trace);
        var publish = await StoppedAsync($"{CameraConnected.Topic} publish", trace);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal("uploader", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(nameof(HandlerOutcome.Success), process.GetTagItem("cvr.delivery.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
    }

    [Fact]
    public async Task Delivery_AfterARestart_StillContinuesThePublishersTrace()
    {
        ActivityTraceId trace;
        await using (var stopped = CreateBus())
        {
            trace = await PublishInTraceAsync(stopped, "kept");
        }

        await using var bus = CreateBus();
        await bus.StartAsync(CancellationToken.None);

        Assert.Equal(trace, (await _seen.WaitAsync("kept")).TraceId);
    }

    [Fact]
    public async Task Delivery_PublishedOutsideAnyTrace_StartsItsOwn()
    {
        await using var bus = CreateBus();
        await bus.StartAsync(CancellationToken.None);

        await bus.PublishAsync(new CameraConnected("camera", "alone", DateTimeOffset.UnixEpoch), CancellationToken.None);

        var delivered = await _seen.WaitAsync("alone");
        var publish = await StoppedAsync($"{CameraConnected.Topic} publish", delivered.TraceId);
        Assert.Equal(default, publish.ParentSpanId);
    }

    [Fact]
    public async Task Start_DatabaseOfABusBeforeTraces_GetsTheColumnAndDeliversItsOldCopies()
    {
        // The table as it was before deliveries carried their trace, with a copy still owed.
        await new SqliteDatabase(_folder.File("bus.db")).ExecuteAsync(
            $$"""
            CREATE TABLE bus_deliveries(
                id INTEGER PRIMARY KEY AUTOINCREMENT, subscriber TEXT NOT NULL, topic TEXT NOT NULL,
                payload TEXT NOT NULL, attempts INTEGER NOT NULL, due_at INTEGER NOT NULL);
            INSERT INTO bus_deliveries(subscriber, topic, payload, attempts, due_at)
                VALUES ('uploader/{{CameraConnected.Topic}}', '{{CameraConnected.Topic}}', '{"streamId":"camera","sessionId":"old","connectedAt":"1970-01-01T00:00:00.000Z"}', 0, 0);
            """,
            CancellationToken.None);

        await using var bus = CreateBus();
        await bus.StartAsync(CancellationToken.None);
        var trace = await PublishInTraceAsync(bus, "new");

        Assert.NotEqual(default, (await _seen.WaitAsync("old")).TraceId); // a trace of its own
        Assert.Equal(trace, (await _seen.WaitAsync("new")).TraceId);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _folder.Dispose();
    }

    /// <summary>The span of that name in that trace, once it has ended (after the handler returned).</summary>
    private async Task<Activity> StoppedAsync(string name, ActivityTraceId trace) =>
        await Eventually.WaitAsync(
            () => Task.FromResult(_stopped.FirstOrDefault(a => a.OperationName == name && a.TraceId == trace)),
            Eventually.Bound,
            $"the span '{name}' of trace {trace} ends");

    private static async Task<ActivityTraceId> PublishInTraceAsync(DurableEventBus bus, string session)
    {
        using var source = new ActivitySource(nameof(BusTracingTests));
        using var root = source.StartActivity("segment seal")!;
        await bus.PublishAsync(new CameraConnected("camera", session, DateTimeOffset.UnixEpoch), CancellationToken.None);
        return root.TraceId;
    }

    private DurableEventBus CreateBus()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(_seen);
        collection.AddEventHandler<CameraConnected, TracedHandler>("uploader");
        var services = collection.BuildServiceProvider();
        return new DurableEventBus(
            new SqliteDatabase(_folder.File("bus.db")),
            services.GetServices<EventSubscription>(),
            services,
            TimeProvider.System,
            NullLogger<DurableEventBus>.Instance);
    }

    /// <summary>Notes the span each delivery runs in.</summary>
    public sealed class TracedHandler(TracedHandler.Seen seen) : IEventHandler<CameraConnected>
    {
        public Task<HandlerOutcome> HandleAsync(CameraConnected @event, CancellationToken cancellationToken)
        {
            seen.Add(@event.SessionId, Activity.Current?.Context ?? default);
            return Task.FromResult(HandlerOutcome.Success);
        }

        public sealed class Seen
        {
            private readonly ConcurrentDictionary<string, TaskCompletionSource<ActivityContext>> _sessions = new();

            public void Add(string session, ActivityContext context) => Waiter(session).TrySetResult(context);

            public Task<ActivityContext> WaitAsync(string session) => Waiter(session).Task.WaitAsync(Eventually.Bound);

            private TaskCompletionSource<ActivityContext> Waiter(string session) =>
                _sessions.GetOrAdd(session, _ => new TaskCompletionSource<ActivityContext>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
