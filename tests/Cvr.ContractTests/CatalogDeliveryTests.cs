using System.Text.Json.Nodes;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;

namespace Cvr.ContractTests;

/// <summary>
/// Events delivered to the catalog exactly as daprd delivers them (structured CloudEvents on the routes
/// the catalog declared), and their effect seen through the catalog's own HTTP API.
/// </summary>
public class CatalogDeliveryTests
{
    [Theory]
    [InlineData(CloudEventData.Inline)]
    [InlineData(CloudEventData.Base64)]
    public async Task Catalog_SealedThenUploadedCloudEvents_RecordsSegmentAndAnswersSuccess(CloudEventData encoding)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);

        var sealedAnswer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(3), encoding);

        Assert.Equal((200, "SUCCESS"), (sealedAnswer.HttpStatus, sealedAnswer.Status));
        var segment = Assert.Single(await SegmentsAsync(catalog))!;
        Assert.Equal(WireEvents.FileName(3), segment["fileName"]!.GetValue<string>());
        Assert.Equal(WireEvents.StreamId, segment["streamId"]!.GetValue<string>());
        Assert.Equal(WireEvents.SessionId, segment["sessionId"]!.GetValue<string>());
        Assert.Equal(3, segment["sequence"]!.GetValue<long>());
        Assert.Equal(WireEvents.Start(3), segment["start"]!.GetValue<string>());
        Assert.Equal(WireEvents.End(3), segment["end"]!.GetValue<string>());
        Assert.Equal(WireEvents.Sha256, segment["sha256"]!.GetValue<string>());
        Assert.False(segment["uploaded"]!.GetValue<bool>());

        var uploadedAnswer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-uploaded", "segment-uploaded", WireEvents.SegmentUploaded(3), encoding);

        Assert.Equal((200, "SUCCESS"), (uploadedAnswer.HttpStatus, uploadedAnswer.Status));
        Assert.True(Assert.Single(await SegmentsAsync(catalog))!["uploaded"]!.GetValue<bool>());
        var asset = Assert.Single(JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri("api/assets", UriKind.Relative)))!["value"]!.AsArray())!;
        Assert.Equal(WireEvents.Asset, asset["name"]!.GetValue<string>());
        Assert.Equal(1, asset["segments"]!.GetValue<int>());
        Assert.Equal(WireEvents.Start(3), asset["start"]!.GetValue<string>());
        Assert.Equal(WireEvents.End(3), asset["end"]!.GetValue<string>());
    }

    [Fact]
    public async Task Catalog_SegmentsWithMedia_ShowsItAndSplitsTheRangeWhereTheCodecChanges()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);

        // The first without media (an older Cvr), then H.265, then right after it H.264 at 360p.
        var third = JsonNode.Parse(WireEvents.SegmentSealed(3, media: WireEvents.Media("avc1.4d401e", 640, 360)))!;
        third["segment"]!["start"] = WireEvents.End(2);
        await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(1));
        await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(2, media: WireEvents.Media()));
        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", third.ToJsonString());

        Assert.Equal("SUCCESS", answer.Status);
        var segments = await SegmentsAsync(catalog);
        Assert.Null(segments[0]!["media"]);
        Assert.True(JsonNode.DeepEquals(WireEvents.Media(), segments[1]!["media"]));
        Assert.Equal("avc1.4d401e", segments[2]!["media"]!["codecs"]!.GetValue<string>());
        var ranges = JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri($"api/assets/{WireEvents.Asset}/availableMedia", UriKind.Relative)))!["timeRanges"]!.AsArray();
        Assert.Equal(3, ranges.Count); // the 2nd and 3rd abut in one session: only their media keeps them apart
        Assert.Equal(WireEvents.End(2), ranges[2]!["start"]!.GetValue<string>());
        Assert.Equal(["hvc1.1.6.L93.B0,mp4a.40.2", "avc1.4d401e"], ranges.Skip(1).Select(r => r!["media"]!["codecs"]!.GetValue<string>()));
        Assert.Equal(360, ranges[2]!["media"]!["height"]!.GetValue<int>());
    }

    [Fact]
    public async Task Catalog_RedeliveredEvent_AnswersSuccessAndKeepsOneSegment()
    {
        // At-least-once: daprd redelivers what it is not sure was acknowledged.
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);

        var first = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(4));
        var again = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(4));

        Assert.Equal("SUCCESS", first.Status);
        Assert.Equal("SUCCESS", again.Status);
        Assert.Single(await SegmentsAsync(catalog));
    }

    [Theory]
    [InlineData(CloudEventData.Inline, "\"this is not a SegmentSealed\"")]
    [InlineData(CloudEventData.Inline, """{"segment":{"streamId":"front-door","start":"yesterday"},"sealedAt":"2026-03-01T12:00:31.250Z"}""")]
    [InlineData(CloudEventData.Base64, "\u0000\u0001 binary, not JSON")]
    public async Task Catalog_UndecodablePayload_AnswersDropAndRecordsNothing(CloudEventData encoding, string payload)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);

        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", payload, encoding);

        // DROP, not RETRY: redelivering a payload that can never be read only blocks the topic.
        Assert.Equal((200, "DROP"), (answer.HttpStatus, answer.Status));
        Assert.Empty(await AssetsAsync(catalog));
    }

    [Theory]
    [InlineData("""{"sealedAt":"2026-03-01T12:00:31.250Z"}""")]
    [InlineData("""{"segment":null,"sealedAt":"2026-03-01T12:00:31.250Z"}""")]
    [InlineData("{}")]
    public async Task Catalog_SegmentSealedWithoutSegment_AnswersDrop(string payload)
    {
        // Well-formed JSON that is still no SegmentSealed can never be handled: a retry cannot help.
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);

        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", payload);

        Assert.Equal((200, "DROP"), (answer.HttpStatus, answer.Status));
    }

    private static async Task<JsonArray> SegmentsAsync(CvrServiceHost catalog) =>
        JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri($"api/assets/{WireEvents.Asset}/segments", UriKind.Relative)))!["value"]!.AsArray();

    private static async Task<JsonArray> AssetsAsync(CvrServiceHost catalog) =>
        JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri("api/assets", UriKind.Relative)))!["value"]!.AsArray();
}
