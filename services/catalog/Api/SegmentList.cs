namespace Cvr.Catalog.Api;

/// <summary>GET /api/assets/{asset}/segments: what the catalog knows of each segment, evicted ones included.</summary>
public sealed record SegmentList(IReadOnlyList<SegmentView> Value);
