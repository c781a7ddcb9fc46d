using Cvr.Catalog.ReadModel;

namespace Cvr.Catalog.Api;

/// <summary>
/// GET /api/assets/{asset}/availableMedia: the contiguous ranges (LVA/AVA called them timeRanges) and
/// the gaps between them, each with its reason.
/// </summary>
public sealed record AvailableMedia(IReadOnlyList<TimeRangeView> TimeRanges, IReadOnlyList<GapView> Gaps)
{
    /// <summary>The answer for [from, to), from the asset's segments that overlap it (evicted ones included) and why its sessions ended.</summary>
    public static AvailableMedia Of(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<CatalogSegment> segments, IReadOnlyDictionary<string, string> sessionEndReasons)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var present = segments.Where(s => !s.Evicted).Select(s => s.Segment);
        var ranges = Timeline.Ranges(present).Select(r => new TimeRangeView(Clamp(r.Start, from, to), Clamp(r.End, from, to), r.Clock, r.Media));
        var gaps = Timeline.Gaps(segments, sessionEndReasons).Select(g => new GapView(Clamp(g.Start, from, to), Clamp(g.End, from, to), g.Reason));
        return new AvailableMedia([.. ranges], [.. gaps]);
    }

    private static DateTimeOffset Clamp(DateTimeOffset value, DateTimeOffset from, DateTimeOffset to) =>
        value < from ? from : value > to ? to : value;
}
