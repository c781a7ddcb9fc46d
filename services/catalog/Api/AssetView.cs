namespace Cvr.Catalog.Api;

/// <summary>One asset in the list.</summary>
public sealed record AssetView(string Name, string? StreamId, int Segments, long SizeBytes, DateTimeOffset? Start, DateTimeOffset? End);
