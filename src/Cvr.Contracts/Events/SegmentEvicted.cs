namespace Cvr.Contracts.Events;

/// <summary>
/// A sealed segment was dropped from the local media cache before it could be uploaded: its video is
/// lost. Published for every such drop (LVA's rule: when the cache is full, the oldest goes first).
/// </summary>
/// <param name="Segment">The lost segment.</param>
/// <param name="Reason">Why it was dropped, e.g. "CacheFull".</param>
/// <param name="EvictedAt">UTC time of the drop.</param>
public sealed record SegmentEvicted(SegmentDescriptor Segment, string Reason, DateTimeOffset EvictedAt) : IIntegrationEvent
{
    public const string CacheFull = "CacheFull";

    public static string Topic => "segment-evicted";

    public string IdempotencyKey => Segment.SegmentId;
}
