using System.Text.Json.Nodes;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Sidecar;
using Cvr.Contracts.Json;
using Cvr.Examples.UploadedMinutes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.ContractTests;

/// <summary>
/// The example subscriber (examples/uploaded-minutes), as a user's own service would run beside Cvr:
/// CloudEvents in as daprd delivers them, state through the real DaprClient to the daprd double.
/// </summary>
public sealed class UploadedMinutesExampleTests : IAsyncLifetime
{
    private DaprdSidecarDouble _sidecar = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _sidecar = await DaprdSidecarDouble.StartAsync("uploaded-minutes");
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DAPR_GRPC_ENDPOINT"] = _sidecar.GrpcEndpoint.ToString(),
            ["DAPR_HTTP_ENDPOINT"] = _sidecar.GrpcEndpoint.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDaprClient(dapr => dapr.UseJsonSerializationOptions(ContractJson.Options));
        _app = builder.Build();
        _app.MapMinutesApi();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    [Fact]
    public async Task Subscribe_ExampleService_DeclaresSegmentUploadedNextToItsHandler()
    {
        var subscriptions = JsonNode.Parse(await _http.GetStringAsync(new Uri("dapr/subscribe", UriKind.Relative)))!.AsArray();

        var subscription = Assert.Single(subscriptions);
        Assert.Equal("segment-uploaded", subscription!["topic"]!.GetValue<string>());
        Assert.Equal("pubsub", subscription["pubsubName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delivery_SegmentsUploadedAndOneRedelivered_CountsEachSegmentOnce()
    {
        foreach (var sequence in new[] { 1, 2, 1 })
        {
            var answer = await DaprdCloudEvent.DeliverAsync(_http, "events/segment-uploaded", "segment-uploaded", WireEvents.SegmentUploaded(sequence), source: "uploader");
            Assert.Equal("SUCCESS", answer.Status);
        }

        var minutes = JsonNode.Parse(await _http.GetStringAsync(new Uri($"minutes/{WireEvents.Asset}", UriKind.Relative)))!;

        Assert.Equal(1.0, minutes["minutes"]!.GetValue<double>(), 6);
    }

    [Fact]
    public async Task Delivery_AnotherWriterCameFirst_AnswersRetryAndLosesNothing()
    {
        await DaprdCloudEvent.DeliverAsync(_http, "events/segment-uploaded", "segment-uploaded", WireEvents.SegmentUploaded(1), source: "uploader");
        _sidecar.WriteAfterNextRead(WireEvents.Asset, """{"seconds":600,"recentSegmentIds":["other"]}""");

        var answer = await DaprdCloudEvent.DeliverAsync(_http, "events/segment-uploaded", "segment-uploaded", WireEvents.SegmentUploaded(2), source: "uploader");
        var retried = await DaprdCloudEvent.DeliverAsync(_http, "events/segment-uploaded", "segment-uploaded", WireEvents.SegmentUploaded(2), source: "uploader");

        Assert.Equal("RETRY", answer.Status);
        Assert.Equal("SUCCESS", retried.Status);
        Assert.Equal(630, _sidecar.StoredJson(WireEvents.Asset)!["seconds"]!.GetValue<double>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _sidecar.DisposeAsync();
    }
}
