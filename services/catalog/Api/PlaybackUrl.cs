namespace Cvr.Catalog.Api;

/// <summary>A playlist URL that works without a header until <paramref name="Expires"/>.</summary>
public sealed record PlaybackUrl(Uri Url, DateTimeOffset Expires);
