using Cvr.Contracts.Events;

namespace Cvr.Catalog.Api;

/// <summary>One segment of an asset.</summary>
public sealed record SegmentView(
    string FileName,
    string StreamId,
    string SessionId,
    long Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    long SizeBytes,
    string Sha256,
    bool Uploaded,
    bool Evicted,
    SegmentClock? Clock);
