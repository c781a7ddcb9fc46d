using System.Text.Json.Nodes;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Cvr.ContractTests;

/// <summary>
/// When daprd gives up on a message (inbound resiliency exhausted, or at the first failure without a
/// retry policy) it publishes it to the subscription's deadLetterTopic, which the app subscribes to:
/// the app records it in its state through daprd and acknowledges.
/// </summary>
public class DeadLetterTests
{
    [Fact]
    public async Task DeadLetterRoute_FirstLetter_SavedInStateUnprefixedAndAnsweredSuccess()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);

        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/deadletters/catalog", "catalog-deadletters", WireEvents.SegmentSealed(7));

        Assert.Equal((200, "SUCCESS"), (answer.HttpStatus, answer.Status));

        // The key as the app sends it: daprd adds the "catalog||" prefix itself.
        var save = Assert.Single(sidecar.DataWrites(), c => c.Succeeded);
        var item = Assert.Single(((SaveStateRequest)save.Request).States);
        Assert.Equal("deadletters", item.Key);
        Assert.Equal("statestore", ((SaveStateRequest)save.Request).StoreName);
        var letter = Assert.Single(sidecar.StoredJson("deadletters")!.AsArray())!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(WireEvents.SegmentSealed(7)), JsonNode.Parse(letter["payload"]!.GetValue<string>())));
        Assert.EndsWith("Z", letter["receivedAt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetterRoute_SecondLetter_AppendedWithConditionalWriteOnTheETag()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);
        await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/deadletters/catalog", "catalog-deadletters", WireEvents.SegmentSealed(7));
        var etagAfterFirst = sidecar.StoredETag("deadletters");

        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/deadletters/catalog", "catalog-deadletters", WireEvents.SegmentUploaded(8), CloudEventData.Base64);

        Assert.Equal("SUCCESS", answer.Status);
        Assert.Equal(2, sidecar.StoredJson("deadletters")!.AsArray().Count);
        var conditional = ((SaveStateRequest)sidecar.CallsTo("SaveState").Last().Request).States.Single();
        Assert.Equal(etagAfterFirst, conditional.Etag?.Value);
        Assert.Equal(StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite, conditional.Options?.Concurrency);
    }

    [Fact]
    public async Task DeadLetterRoute_ConcurrentWriterInBetween_RetriesOnAbortedAndKeepsEveryLetter()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);
        const string first = """{"receivedAt":"2026-03-01T12:00:00.000Z","payload":"{\"n\":1}"}""";
        const string other = """{"receivedAt":"2026-03-01T12:00:01.000Z","payload":"{\"n\":2}"}""";
        sidecar.Seed("deadletters", $"[{first}]");

        // Another replica appends between this app's read and its write: the app's ETag is then stale.
        sidecar.WriteAfterNextRead("deadletters", $"[{first},{other}]");
        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/deadletters/catalog", "catalog-deadletters", WireEvents.SegmentSealed(7));

        Assert.Equal((200, "SUCCESS"), (answer.HttpStatus, answer.Status));
        Assert.Contains(sidecar.CallsTo("SaveState"), c => c.Status == StatusCode.Aborted);
        var letters = sidecar.StoredJson("deadletters")!.AsArray();
        Assert.Equal(3, letters.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(WireEvents.SegmentSealed(7)), JsonNode.Parse(letters[2]!["payload"]!.GetValue<string>())));
    }

    [Fact]
    public async Task DeadLetterRoute_SidecarUnavailable_AnswersRetry()
    {
        // Not recorded is not acknowledged: daprd must deliver the dead letter again.
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar);
        sidecar.FailWith(StatusCode.Unavailable);

        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/deadletters/catalog", "catalog-deadletters", WireEvents.SegmentSealed(7));

        Assert.Equal((200, "RETRY"), (answer.HttpStatus, answer.Status));
        Assert.Contains(sidecar.CallsTo("GetState"), c => c.Status == StatusCode.Unavailable);
    }
}
