using System.Diagnostics;
using Cvr.Host;
using Cvr.Platform.Security;
using Cvr.Testing;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cvr.EndToEndTests;

/// <summary>
/// The single process (the four services and the in-process bus) hosted in the test's own process, with
/// OpenTelemetry's in-memory exporter listening to Cvr's sources, recording the test camera: one segment's
/// journey, sealed (segmenter) → uploaded (uploader) → cataloged (catalog), is one trace, each step a
/// child of the event that caused it.
/// </summary>
public sealed class SegmentTraceTests : IAsyncLifetime
{
    private const string Instance = "traced-cam";
    private readonly TemporaryFolder _folder = new();
    private readonly ExportedSpans _spans = new();
    private TracerProvider _tracing = null!;
    private TestCamera _camera = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource("Cvr.*").AddInMemoryExporter(_spans).Build()!;
        _camera = await TestCamera.StartAsync(_folder.Path);
        var data = Path.Combine(_folder.Path, "data");
        Directory.CreateDirectory(data);
        var (keys, _) = await ApiKeyFile.EnsureAsync(data, CancellationToken.None);
        _app = CvrApplication.Build("http://127.0.0.1:0", data, new Dictionary<string, string?> { ["Ingest:CacheRoot"] = _folder.Path });
        await _app.StartAsync();
        var address = _app.Urls.First();
        _http = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", keys.Operator);
        await CvrHostProcess.RecordAsync(_http, Instance, _camera.Url, Path.Combine(_folder.Path, "cache"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _camera.DisposeAsync();
        _tracing.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Segment_SealedUploadedCataloged_IsOneTrace()
    {
        var uploadedInCatalog = await Eventually.WaitAsync(
            () => Task.FromResult(Spans().FirstOrDefault(s => s.OperationName == "segment-uploaded process" && Group(s) == "catalog" && InTraceOf(s, "segment seal"))),
            Eventually.Bound,
            "the catalog handled a SegmentUploaded in the trace of a sealing");
        var trace = Spans().Where(s => s.TraceId == uploadedInCatalog.TraceId).ToList();

        var seal = Assert.Single(trace, s => s.OperationName == "segment seal");
        Assert.Equal(default, seal.ParentSpanId);
        Assert.Equal(Instance, seal.GetTagItem("cvr.instance"));
        var sealedPublish = Assert.Single(trace, s => s.OperationName == "segment-sealed publish");
        Assert.Equal(seal.SpanId, sealedPublish.ParentSpanId);
        var sealedInUploader = Assert.Single(trace, s => s.OperationName == "segment-sealed process" && Group(s) == "uploader");
        Assert.Equal(sealedPublish.SpanId, sealedInUploader.ParentSpanId);
        Assert.Contains(trace, s => s.OperationName == "segment-sealed process" && Group(s) == "catalog" && s.ParentSpanId == sealedPublish.SpanId);
        var upload = Assert.Single(trace, s => s.OperationName == "segment upload");
        Assert.Equal(sealedInUploader.SpanId, upload.ParentSpanId);
        Assert.Equal(seal.GetTagItem("cvr.segment.id"), upload.GetTagItem("cvr.segment.id"));
        var uploadedPublish = Assert.Single(trace, s => s.OperationName == "segment-uploaded publish");
        Assert.Equal(upload.SpanId, uploadedPublish.ParentSpanId);
        Assert.Equal(uploadedPublish.SpanId, uploadedInCatalog.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, uploadedInCatalog.Kind);
    }

    private IReadOnlyList<Activity> Spans() => _spans.Snapshot();

    private bool InTraceOf(Activity span, string rootName) =>
        Spans().Any(s => s.TraceId == span.TraceId && s.OperationName == rootName && s.GetTagItem("cvr.instance") as string == Instance);

    private static string? Group(Activity span) => span.GetTagItem("messaging.consumer.group.name") as string;
}
