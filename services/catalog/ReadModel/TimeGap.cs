using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>A span with no recording, and why: a disconnect reason of the session before it, or why its segments were dropped.</summary>
public sealed record TimeGap(DateTimeOffset Start, DateTimeOffset End, string Reason)
{
    /// <summary>Dropped because the stream's cache reached its cap (SegmentEvicted.CacheFull).</summary>
    public const string Evicted = "Evicted";

    public const string Unknown = "Unknown";

    /// <summary>The gap reason of an eviction: "Evicted" for the cache cap (as always), else the eviction's own reason.</summary>
    public static string ForEviction(string? reason) =>
        reason is null or SegmentEvicted.CacheFull ? Evicted : reason;
}
