using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Platform.Messaging;
using Cvr.Platform.Messaging.Dapr;
using Dapr;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Cvr.ContractTests;

/// <summary>
/// What Cvr's publisher sends daprd: one gRPC PublishEvent per event, on component "pubsub" and the
/// event's topic, with data_content_type application/json and Cvr's contract JSON as data (daprd
/// wraps it in a CloudEvent and subscribers unwrap it again, so this JSON is what they receive).
/// </summary>
public class PublishContractTests
{
    private static readonly StreamDescriptor Stream = new("front-door", "CVRToAMSAsset", "cvr-front-door", 30, "/var/media/front-door", 2L << 30);

    private static readonly SegmentDescriptor Segment = new(
        "front-door",
        "cvr-front-door",
        "20260301T115958123Z",
        3,
        new DateTimeOffset(2026, 3, 1, 14, 3, 0, TimeSpan.FromHours(2)),
        new DateTimeOffset(2026, 3, 1, 14, 3, 30, 250, TimeSpan.FromHours(2)),
        1_048_579,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "20260301T120300.000Z_20260301T115958123Z_000003.mp4");

    public static TheoryData<string> Topics => [.. Events().Keys];

    [Fact]
    public async Task Publisher_UnderDapr_IsDaprEventPublisher()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);

        Assert.IsType<DaprEventPublisher>(platform.Publisher);
    }

    [Fact]
    public async Task DaprEventPublisher_SegmentSealed_SendsPublishEventWithContractJson()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("segmenter");
        await using var platform = CvrPlatform.For(sidecar);

        await platform.Publisher.PublishAsync(new SegmentSealed(Segment, new DateTimeOffset(2026, 3, 1, 12, 3, 31, 250, TimeSpan.Zero)), CancellationToken.None);

        var published = Assert.Single(sidecar.CallsTo("PublishEvent"));
        var request = (PublishEventRequest)published.Request;
        Assert.Equal("pubsub", request.PubsubName);
        Assert.Equal("segment-sealed", request.Topic);
        Assert.Equal("application/json", request.DataContentType);
        Assert.Empty(request.Metadata);

        // The wire text itself, written out: camelCase, times in UTC with milliseconds and a Z.
        var data = JsonNode.Parse(request.Data.ToStringUtf8())!;
        var segment = data["segment"]!;
        Assert.Equal("front-door", segment["streamId"]!.GetValue<string>());
        Assert.Equal("cvr-front-door", segment["assetName"]!.GetValue<string>());
        Assert.Equal("20260301T115958123Z", segment["sessionId"]!.GetValue<string>());
        Assert.Equal(3, segment["sequence"]!.GetValue<long>());
        Assert.Equal("2026-03-01T12:03:00.000Z", segment["start"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:03:30.250Z", segment["end"]!.GetValue<string>());
        Assert.Equal(1_048_579, segment["sizeBytes"]!.GetValue<long>());
        Assert.Equal(Segment.Sha256, segment["sha256"]!.GetValue<string>());
        Assert.Equal(Segment.FileName, segment["fileName"]!.GetValue<string>());
        Assert.Null(segment["duration"]);
        Assert.Equal("2026-03-01T12:03:31.250Z", data["sealedAt"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public async Task DaprEventPublisher_EveryEvent_PublishedOnItsTopicAsContractJson(string topic)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        var (publish, expected) = Events()[topic];

        await publish(platform.Publisher);

        var request = (PublishEventRequest)Assert.Single(sidecar.CallsTo("PublishEvent")).Request;
        Assert.Equal(("pubsub", topic, "application/json"), (request.PubsubName, request.Topic, request.DataContentType));
        var data = JsonNode.Parse(request.Data.ToStringUtf8());
        Assert.True(JsonNode.DeepEquals(expected, data), $"Expected {expected.ToJsonString()}\nActual   {data?.ToJsonString()}");
    }

    [Fact]
    public async Task DaprEventPublisher_CameraDisconnected_SendsReasonAsName()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("ingest");
        await using var platform = CvrPlatform.For(sidecar);

        await platform.Publisher.PublishAsync(
            new CameraDisconnected("front-door", "20260301T115958123Z", new DateTimeOffset(2026, 3, 1, 12, 5, 0, TimeSpan.Zero), DisconnectReason.CredentialsRefused, "401 Unauthorized"),
            CancellationToken.None);

        var data = JsonNode.Parse(((PublishEventRequest)Assert.Single(sidecar.CallsTo("PublishEvent")).Request).Data.ToStringUtf8())!;
        Assert.Equal("CredentialsRefused", data["reason"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:05:00.000Z", data["disconnectedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task DaprEventPublisher_SidecarUnavailable_ThrowsDaprException()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        sidecar.FailWith(StatusCode.Unavailable);

        var thrown = await Assert.ThrowsAsync<DaprException>(() => platform.Publisher.PublishAsync(new GraphInstanceDeactivated("front-door", DateTimeOffset.UtcNow), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, Assert.IsType<RpcException>(thrown.InnerException).StatusCode);
    }

    [Fact]
    public async Task DaprEventPublisher_DaprApiTokenConfigured_SendsItToDaprd()
    {
        const string token = "daprd-token-93b2";
        await using var sidecar = await DaprdSidecarDouble.StartAsync(apiToken: token);
        await using var platform = CvrPlatform.For(sidecar, new Dictionary<string, string?> { ["DAPR_API_TOKEN"] = token });

        await platform.Publisher.PublishAsync(new GraphInstanceDeactivated("front-door", DateTimeOffset.UtcNow), CancellationToken.None);

        var call = Assert.Single(sidecar.CallsTo("PublishEvent"));
        Assert.Equal(token, call.ApiToken);
        Assert.True(call.Succeeded);
    }

    /// <summary>Every event type, published through the generic publisher, with the JSON it must produce.</summary>
    private static Dictionary<string, (Func<IEventPublisher, Task> Publish, JsonNode Expected)> Events()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        return new Dictionary<string, (Func<IEventPublisher, Task>, JsonNode)>(StringComparer.Ordinal)
        {
            [GraphInstanceActivated.Topic] = Entry(new GraphInstanceActivated(Stream, at)),
            [GraphInstanceDeactivated.Topic] = Entry(new GraphInstanceDeactivated("front-door", at)),
            [CameraConnected.Topic] = Entry(new CameraConnected("front-door", "20260301T115958123Z", at)),
            [CameraDisconnected.Topic] = Entry(new CameraDisconnected("front-door", "20260301T115958123Z", at, DisconnectReason.CameraTimeout, "no data")),
            [SegmentSealed.Topic] = Entry(new SegmentSealed(Segment, at)),
            [SegmentUploaded.Topic] = Entry(new SegmentUploaded(Segment, Segment.FileName, at)),
            [SegmentEvicted.Topic] = Entry(new SegmentEvicted(Segment, SegmentEvicted.CacheFull, at)),
            [SegmentExpired.Topic] = Entry(new SegmentExpired(Segment, SegmentExpired.Retention, at)),
        };

        static (Func<IEventPublisher, Task>, JsonNode) Entry<TEvent>(TEvent @event)
            where TEvent : IIntegrationEvent =>
            (publisher => publisher.PublishAsync(@event, CancellationToken.None), JsonSerializer.SerializeToNode(@event, ContractJson.Options)!);
    }
}
