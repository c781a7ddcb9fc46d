using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Testing;

namespace Cvr.ContractTests;

/// <summary>
/// Both directions at once: an event published through one service's DaprClient reaches another
/// service as daprd would carry it, read from /dapr/subscribe, wrapped in a CloudEvent, posted to the
/// declared route. What the publisher writes is what the subscriber understands.
/// </summary>
public class PubSubRoutingTests
{
    private static readonly SegmentDescriptor Segment = new(
        "front-door",
        "cvr-front-door",
        "20260301T115958123Z",
        3,
        new DateTimeOffset(2026, 3, 1, 12, 3, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 1, 12, 3, 30, TimeSpan.Zero),
        1_048_579,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "20260301T120300.000Z_20260301T115958123Z_000003.mp4");

    [Fact]
    public async Task SegmentSealed_PublishedBySegmenterPlatform_IsRecordedByCatalog()
    {
        await using var segmenterSidecar = await DaprdSidecarDouble.StartAsync("segmenter");
        await using var catalogSidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, catalogSidecar);
        await using var segmenter = CvrPlatform.For(segmenterSidecar);
        await segmenterSidecar.SubscribeAsync("catalog", catalog.Address);

        await segmenter.Publisher.PublishAsync(new SegmentSealed(Segment, new DateTimeOffset(2026, 3, 1, 12, 3, 31, TimeSpan.Zero)), CancellationToken.None);
        await segmenter.Publisher.PublishAsync(new SegmentUploaded(Segment, Segment.FileName, new DateTimeOffset(2026, 3, 1, 12, 3, 33, TimeSpan.Zero)), CancellationToken.None);

        var deliveries = await Eventually.WaitAsync(
            () => Task.FromResult(segmenterSidecar.Deliveries is { Count: 2 } both ? both : null),
            TimeSpan.FromSeconds(15),
            "both events were delivered to the catalog");
        Assert.All(deliveries, d => Assert.Equal((200, "SUCCESS"), (d.HttpStatus, d.Status)));
        Assert.Equal(["/events/segment-sealed", "/events/segment-uploaded"], deliveries.Select(d => d.Route).Order(StringComparer.Ordinal));

        // SUCCESS came after the catalog's write: the effect is visible now.
        var segments = JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri($"api/assets/{Segment.AssetName}/segments", UriKind.Relative)))!["value"]!.AsArray();
        var segment = Assert.Single(segments)!;
        Assert.Equal(Segment.FileName, segment["fileName"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:03:00.000Z", segment["start"]!.GetValue<string>());
        Assert.True(segment["uploaded"]!.GetValue<bool>());
    }
}
