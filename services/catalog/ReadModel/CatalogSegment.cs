using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// A segment as the catalog knows it: the segment's record (what the store holds once it is uploaded,
/// what was sealed before) and what the catalog has learnt of its fate.
/// </summary>
/// <param name="Segment">The segment.</param>
/// <param name="Uploaded">Whether the asset store holds it.</param>
/// <param name="Evicted">Whether it was dropped from the cache before it could be uploaded: its video is lost.</param>
/// <param name="EvictedReason">Why it was dropped, with <paramref name="Evicted"/> (SegmentEvicted's reason).</param>
public sealed record CatalogSegment(SegmentDescriptor Segment, bool Uploaded, bool Evicted = false, string? EvictedReason = null);
