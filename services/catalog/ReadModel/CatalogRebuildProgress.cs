namespace Cvr.Catalog.ReadModel;

/// <summary>How far a rebuild has come: the assets listed, the segments written and the other blobs skipped so far.</summary>
/// <param name="Assets">Assets whose listing has started.</param>
/// <param name="Segments">Segments committed to the catalog.</param>
/// <param name="Skipped">Blobs that are not Cvr segments (no segment name or metadata), skipped.</param>
public sealed record CatalogRebuildProgress(int Assets, int Segments, int Skipped);
