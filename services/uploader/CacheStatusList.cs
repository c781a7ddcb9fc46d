namespace Cvr.Uploader;

/// <summary>GET /api/cache: every stream's cache.</summary>
public sealed record CacheStatusList(IReadOnlyList<CacheStatus> Value);
