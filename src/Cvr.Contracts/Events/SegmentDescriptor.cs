using System.Text.Json.Serialization;

namespace Cvr.Contracts.Events;

/// <summary>One recorded segment: a standalone fragmented MP4 file covering [Start, End).</summary>
/// <param name="StreamId">The stream (graph instance) it belongs to.</param>
/// <param name="AssetName">The asset it is stored in.</param>
/// <param name="SessionId">The camera session; segments of one session share a timeline.</param>
/// <param name="Sequence">0-based number within the session; contiguous means same session and sequence + 1.</param>
/// <param name="Start">UTC time of the first frame.</param>
/// <param name="End">UTC time just after the last frame.</param>
/// <param name="SizeBytes">File size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
/// <param name="FileName">The file's name: also its blob name in the asset.</param>
/// <param name="Clock">How its times were obtained and their estimated error; absent in segments recorded before Cvr measured it.</param>
public sealed record SegmentDescriptor(
    string StreamId,
    string AssetName,
    string SessionId,
    long Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    long SizeBytes,
    string Sha256,
    string FileName,
    SegmentClock? Clock = null)
{
    /// <summary>
    /// Its codecs, picture size, frame rate and bitrate; absent in segments recorded before Cvr described them.
    /// A property, not a constructor parameter, so that code compiled against the contract before it
    /// existed keeps working.
    /// </summary>
    public SegmentMedia? Media { get; init; }

    /// <summary>Unique, stable id: stream, session and sequence.</summary>
    public string SegmentId => $"{StreamId}/{SessionId}/{Sequence}";

    [JsonIgnore]
    public TimeSpan Duration => End - Start;
}
