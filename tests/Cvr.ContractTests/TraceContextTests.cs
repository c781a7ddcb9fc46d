using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Platform.Messaging;
using Cvr.Testing;

namespace Cvr.ContractTests;

/// <summary>
/// W3C trace context through Dapr pub/sub: the publisher's span goes to daprd as the <c>traceparent</c> of
/// the PublishEvent call (daprd writes it into the CloudEvent), and a subscriber continues the CloudEvent's
/// <c>traceparent</c> in its consumer span. So a segment's journey is one trace across services under Dapr too.
/// </summary>
public sealed class TraceContextTests : IDisposable
{
    /// <summary>A SegmentSealed as it travels, read as the publisher's typed event.</summary>
    private static readonly SegmentSealed Sealed = JsonSerializer.Deserialize<SegmentSealed>(WireEvents.SegmentSealed(3), ContractJson.Options)!;

    private readonly ActivitySource _test = new(nameof(TraceContextTests));
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TraceContextTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MessageTracing.SourceName || s.Name == nameof(TraceContextTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task DaprEventPublisher_InsideATrace_SendsItsTraceparentToDaprd()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("segmenter");
        await using var platform = CvrPlatform.For(sidecar);

        ActivityTraceId trace;
        using (var seal = _test.StartActivity("segment seal")!)
        {
            trace = seal.TraceId;
            await platform.Publisher.PublishAsync(Sealed, CancellationToken.None);
        }

        var call = Assert.Single(sidecar.CallsTo("PublishEvent"));
        Assert.True(ActivityContext.TryParse(call.TraceParent, null, out var sent), $"traceparent '{call.TraceParent}'");
        Assert.Equal(trace, sent.TraceId);
        var publish = Assert.Single(_stopped, a => a.OperationName == "segment-sealed publish" && a.TraceId == trace);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal("dapr", publish.GetTagItem("messaging.system"));
    }

    [Fact]
    public async Task Delivery_CloudEventWithTraceparent_IsHandledInAChildSpanOfIt()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);
        var traceParent = DaprdCloudEvent.NewTraceParent();
        var sent = ActivityContext.Parse(traceParent, null);

        var answer = await DaprdCloudEvent.DeliverAsync(
            catalog.Http, "/events/segment-sealed", SegmentSealed.Topic, WireEvents.SegmentSealed(3), traceParent: traceParent);

        Assert.Equal("SUCCESS", answer.Status);
        var process = await StoppedAsync("segment-sealed process", sent.TraceId);
        Assert.Equal(sent.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("catalog", process.GetTagItem("messaging.consumer.group.name"));
    }

    [Fact]
    public async Task SegmentSealed_PublishedInATrace_ReachesTheCatalogInThatTrace()
    {
        await using var segmenterSidecar = await DaprdSidecarDouble.StartAsync("segmenter");
        await using var catalogSidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, catalogSidecar);
        await using var segmenter = CvrPlatform.For(segmenterSidecar);
        await segmenterSidecar.SubscribeAsync("catalog", catalog.Address);

        ActivityTraceId trace;
        using (var seal = _test.StartActivity("segment seal")!)
        {
            trace = seal.TraceId;
            await segmenter.Publisher.PublishAsync(Sealed, CancellationToken.None);
        }

        var process = await StoppedAsync("segment-sealed process", trace);
        var publish = Assert.Single(_stopped, a => a.OperationName == "segment-sealed publish" && a.TraceId == trace);
        Assert.Equal("catalog", process.GetTagItem("messaging.consumer.group.name"));
        Assert.NotEqual(publish.SpanId, process.SpanId);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _test.Dispose();
    }

    /// <summary>The span of that name in that trace once it has ended (after the handler answered).</summary>
    private Task<Activity> StoppedAsync(string name, ActivityTraceId trace) =>
        Eventually.WaitAsync(
            () => Task.FromResult(_stopped.FirstOrDefault(a => a.OperationName == name && a.TraceId == trace)),
            TimeSpan.FromSeconds(30),
            $"the span '{name}' of trace {trace} ends (ended: {string.Join(", ", _stopped.Select(a => $"{a.OperationName} {a.TraceId} {a.ParentSpanId}"))})");
}
