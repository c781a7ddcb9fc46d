namespace Cvr.Catalog.ReadModel;

/// <summary>An asset and what it holds.</summary>
public sealed record CatalogAsset(
    string Name,
    string? StreamId,
    int SegmentCount,
    long SizeBytes,
    DateTimeOffset? Start,
    DateTimeOffset? End);
