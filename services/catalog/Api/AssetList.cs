namespace Cvr.Catalog.Api;

/// <summary>GET /api/assets.</summary>
public sealed record AssetList(IReadOnlyList<AssetView> Value);
