namespace Cvr.Catalog.Api;

/// <summary>GET /api/assets.</summary>
public sealed record AssetList(IReadOnlyList<AssetView> Value);

/// <summary>One asset in the list.</summary>
public sealed record AssetView(string Name, string? StreamId, int Segments, long SizeBytes, DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>GET /api/assets/{asset}/availableMedia: the contiguous ranges, as LVA/AVA called them timeRanges.</summary>
public sealed record AvailableMedia(IReadOnlyList<TimeRangeView> TimeRanges);

/// <summary>A contiguous recorded range, UTC.</summary>
public sealed record TimeRangeView(DateTimeOffset Start, DateTimeOffset End);
