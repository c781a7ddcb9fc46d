using Cvr.Contracts.Events;

namespace Cvr.Catalog.Api;

/// <summary>One segment of an asset, with its clock and media (each absent for segments recorded before Cvr knew it).</summary>
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
    SegmentClock? Clock,
    SegmentMedia? Media);
