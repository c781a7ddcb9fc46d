namespace Cvr.Catalog.Api;

/// <summary>GET /api/assets/{asset}/availableMedia: the contiguous ranges, as LVA/AVA called them timeRanges.</summary>
public sealed record AvailableMedia(IReadOnlyList<TimeRangeView> TimeRanges);
