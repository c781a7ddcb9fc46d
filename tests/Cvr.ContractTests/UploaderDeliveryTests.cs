using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Media.Cache;
using Cvr.Testing;
using Dapr.Client.Autogen.Grpc.v1;

namespace Cvr.ContractTests;

/// <summary>
/// The uploader's SegmentSealed handler looks its stream up in its state (through daprd); a stream it
/// has not heard of yet is a failure to retry, which must reach daprd as RETRY with 200, never as 404
/// (daprd drops a message on 404).
/// </summary>
public class UploaderDeliveryTests
{
    [Fact]
    public async Task Uploader_SegmentSealedOfUnknownStream_AnswersRetryWith200()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar);

        var answer = await DaprdCloudEvent.DeliverAsync(uploader.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(3, streamId: "not-activated-yet"));

        Assert.Equal((200, "RETRY"), (answer.HttpStatus, answer.Status));

        // The answer came from the lookup in the state store, not from a failed connection.
        Assert.Contains(sidecar.CallsTo("GetState"), c => c.Succeeded && c.Keys.SequenceEqual(["stream:not-activated-yet"]));
    }

    [Fact]
    public async Task Uploader_SegmentSealedOfKnownStream_AnswersSuccess()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar);
        sidecar.Seed($"stream:{WireEvents.StreamId}", WireEvents.StreamDescriptor(Path.Combine(uploader.DataPath, "cache")));

        var answer = await DaprdCloudEvent.DeliverAsync(uploader.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(3));

        Assert.Equal((200, "SUCCESS"), (answer.HttpStatus, answer.Status));
    }

    [Fact]
    public async Task Uploader_SidecarUnavailableDuringLookup_AnswersRetryWith200()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar);
        sidecar.Seed($"stream:{WireEvents.StreamId}", WireEvents.StreamDescriptor(Path.Combine(uploader.DataPath, "cache")));
        sidecar.FailWith(Grpc.Core.StatusCode.Unavailable);

        var answer = await DaprdCloudEvent.DeliverAsync(uploader.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(3));

        Assert.Equal((200, "RETRY"), (answer.HttpStatus, answer.Status));
    }

    [Fact]
    public async Task Uploader_SealedSegmentAnnounced_UploadsAndPublishesSegmentUploadedThroughSidecar()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar);
        var cache = Path.Combine(uploader.DataPath, "cache");
        sidecar.Seed($"stream:{WireEvents.StreamId}", WireEvents.StreamDescriptor(cache));
        var segment = await WriteSealedSegmentAsync(new CacheLayout(cache), sequence: 5);

        var answer = await DaprdCloudEvent.DeliverAsync(
            uploader.Http, "events/segment-sealed", "segment-sealed", JsonSerializer.Serialize(new SegmentSealed(segment, DateTimeOffset.UtcNow), ContractJson.Options));

        Assert.Equal("SUCCESS", answer.Status);
        var published = await Eventually.WaitAsync(
            () => Task.FromResult(sidecar.Published(SegmentUploaded.Topic).FirstOrDefault()),
            TimeSpan.FromSeconds(15),
            "the uploader published SegmentUploaded through the sidecar");
        Assert.Equal("pubsub", published.PubsubName);
        Assert.Equal("application/json", published.DataContentType);
        var data = JsonNode.Parse(published.Data.ToStringUtf8())!;
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(segment, ContractJson.Options), data["segment"]), data.ToJsonString());
        Assert.Equal(segment.FileName, data["blobName"]!.GetValue<string>());
        Assert.EndsWith("Z", data["uploadedAt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploader_SegmentSealedInATrace_PublishesSegmentUploadedInThatTrace()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar);
        var cache = Path.Combine(uploader.DataPath, "cache");
        sidecar.Seed($"stream:{WireEvents.StreamId}", WireEvents.StreamDescriptor(cache));
        var segment = await WriteSealedSegmentAsync(new CacheLayout(cache), sequence: 6);
        var sealedIn = DaprdCloudEvent.NewTraceParent();

        await DaprdCloudEvent.DeliverAsync(
            uploader.Http, "events/segment-sealed", "segment-sealed", JsonSerializer.Serialize(new SegmentSealed(segment, DateTimeOffset.UtcNow), ContractJson.Options), traceParent: sealedIn);

        // Queued by the handler, uploaded later by the worker: the journey's trace goes with the segment.
        var call = await Eventually.WaitAsync(
            () => Task.FromResult(sidecar.CallsTo("PublishEvent").FirstOrDefault(c => ((PublishEventRequest)c.Request).Topic == SegmentUploaded.Topic)),
            TimeSpan.FromSeconds(15),
            "the uploader published SegmentUploaded through the sidecar");
        var sent = ActivityContext.Parse(sealedIn, null);
        var uploaded = ActivityContext.Parse(call.TraceParent!, null);
        Assert.Equal(sent.TraceId, uploaded.TraceId);
        Assert.NotEqual(sent.SpanId, uploaded.SpanId);
    }

    private static async Task<SegmentDescriptor> WriteSealedSegmentAsync(CacheLayout layout, int sequence)
    {
        var bytes = new byte[4096];
        bytes.AsSpan().Fill((byte)sequence);
        var start = DateTimeOffset.Parse(WireEvents.Start(sequence), System.Globalization.CultureInfo.InvariantCulture);
        var descriptor = new SegmentDescriptor(
            WireEvents.StreamId, WireEvents.Asset, WireEvents.SessionId, sequence, start, start.AddSeconds(30), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), WireEvents.FileName(sequence));
        Directory.CreateDirectory(layout.SealedFolder);
        var path = layout.Sealed(descriptor.FileName);
        await File.WriteAllBytesAsync(path, bytes);
        await SegmentManifest.WriteAsync(path, descriptor, CancellationToken.None);
        return descriptor;
    }
}
