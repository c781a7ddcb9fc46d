using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.ContractTests.Telemetry;
using Cvr.Testing;

namespace Cvr.ContractTests;

/// <summary>
/// A service pushes its traces and metrics by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, with the
/// standard OTEL_* settings (here OTLP/HTTP with protobuf, short export intervals), to a receiver double.
/// </summary>
public class OtlpExportTests
{
    [Fact]
    public async Task Service_OtlpEndpointSet_PushesItsTracesAndMetrics()
    {
        await using var receiver = await OtlpReceiverDouble.StartAsync();
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        (await uploader.Http.GetAsync(new Uri("api/cache", UriKind.Relative))).EnsureSuccessStatusCode();

        await Eventually.WaitAsync(
            () => Task.FromResult(
                receiver.Exports.Any(e => e.Signal == "traces" && e.Mentions("/api/cache"))
                && receiver.Exports.Any(e => e.Signal == "metrics" && e.Mentions("http.server.request.duration"))),
            TimeSpan.FromSeconds(60),
            "the service pushed the request's span and the HTTP metrics");
        Assert.All(receiver.Exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        Assert.All(receiver.Exports.Where(e => e.Signal is "traces" or "metrics"), e => Assert.True(e.Mentions("uploader"), "service.name is the app id"));
    }
}
