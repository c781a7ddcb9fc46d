namespace Cvr.Contracts.Events;

/// <summary>
/// A sealed segment was dropped from the local media cache before it could be uploaded: its video is
/// lost. Published for every such drop, before the file is deleted (LVA's rule: when the cache is
/// full, the oldest goes first).
/// </summary>
/// <param name="Segment">The lost segment.</param>
/// <param name="Reason">Why it was dropped: CacheFull, DiskFull or Corrupt.</param>
/// <param name="EvictedAt">UTC time of the drop.</param>
public sealed record SegmentEvicted(SegmentDescriptor Segment, string Reason, DateTimeOffset EvictedAt) : IIntegrationEvent
{
    /// <summary>The stream's cache reached its localMediaCacheMaximumSizeMiB.</summary>
    public const string CacheFull = "CacheFull";

    /// <summary>The disk holding the cache fell below its free-space floor, and nothing else was left to free.</summary>
    public const string DiskFull = "DiskFull";

    /// <summary>Its bytes no longer match the hash it was sealed with (a damaged disk): never uploaded.</summary>
    public const string Corrupt = "Corrupt";

    public static string Topic => "segment-evicted";

    public string IdempotencyKey => Segment.SegmentId;
}
