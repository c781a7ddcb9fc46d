using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>A segment as the catalog knows it.</summary>
public sealed record CatalogSegment(
    string AssetName,
    string FileName,
    string StreamId,
    string SessionId,
    long Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    long SizeBytes,
    string Sha256,
    bool Uploaded,
    bool Evicted = false,
    SegmentClock? Clock = null,
    string? EvictedReason = null,
    SegmentMedia? Media = null)
{
    public TimeSpan Duration => End - Start;
}
