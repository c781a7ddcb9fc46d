using System.Text.Json.Nodes;

namespace Cvr.ContractTests.Delivery;

/// <summary>
/// Events as they travel on Cvr's topics, written out by hand from the contract (camelCase, ISO 8601
/// UTC times with milliseconds and a Z): if a property is renamed in src/Cvr.Contracts, these stop
/// being understood and the tests say so.
/// </summary>
public static class WireEvents
{
    public const string StreamId = "front-door";
    public const string Asset = "cvr-front-door";
    public const string SessionId = "20260301T115958123Z";
    public const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static string FileName(int sequence) => $"20260301T12{sequence:D2}00.000Z_{SessionId}_{sequence:D6}.mp4";

    public static string Start(int sequence) => $"2026-03-01T12:{sequence:D2}:00.000Z";

    public static string End(int sequence) => $"2026-03-01T12:{sequence:D2}:30.000Z";

    public static JsonObject Segment(int sequence, string streamId = StreamId, string asset = Asset) => new()
    {
        ["streamId"] = streamId,
        ["assetName"] = asset,
        ["sessionId"] = SessionId,
        ["sequence"] = sequence,
        ["start"] = Start(sequence),
        ["end"] = End(sequence),
        ["sizeBytes"] = 1_048_576 + sequence,
        ["sha256"] = Sha256,
        ["fileName"] = FileName(sequence),
    };

    /// <summary>A segment's media as the segmenter describes it: H.265 720p25 with AAC.</summary>
    public static JsonObject Media(string codecs = "hvc1.1.6.L93.B0,mp4a.40.2", int width = 1280, int height = 720) => new()
    {
        ["codecs"] = codecs,
        ["width"] = width,
        ["height"] = height,
        ["frameRate"] = 25,
        ["bitrateBps"] = 2_056_625,
    };

    public static string SegmentSealed(int sequence, string streamId = StreamId, string asset = Asset, JsonObject? media = null)
    {
        var segment = Segment(sequence, streamId, asset);
        if (media is not null)
        {
            segment["media"] = media;
        }

        return new JsonObject
        {
            ["segment"] = segment,
            ["sealedAt"] = $"2026-03-01T12:{sequence:D2}:31.250Z",
        }.ToJsonString();
    }

    public static string SegmentUploaded(int sequence, string streamId = StreamId, string asset = Asset) => new JsonObject
    {
        ["segment"] = Segment(sequence, streamId, asset),
        ["blobName"] = FileName(sequence),
        ["uploadedAt"] = $"2026-03-01T12:{sequence:D2}:33.500Z",
    }.ToJsonString();

    public static string StreamDescriptor(string cachePath, string streamId = StreamId, string asset = Asset) => new JsonObject
    {
        ["streamId"] = streamId,
        ["topologyName"] = "CVRToAMSAsset",
        ["assetName"] = asset,
        ["segmentLengthSeconds"] = 30,
        ["cachePath"] = cachePath,
        ["cacheMaximumSizeBytes"] = 2L * 1024 * 1024 * 1024,
    }.ToJsonString();
}
