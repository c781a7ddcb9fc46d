namespace Cvr.Catalog.Api;

/// <summary>
/// GET /api/assets/{asset}/availableMedia: the contiguous ranges (LVA/AVA called them timeRanges) and
/// the gaps between them, each with its reason.
/// </summary>
public sealed record AvailableMedia(IReadOnlyList<TimeRangeView> TimeRanges, IReadOnlyList<GapView> Gaps);
