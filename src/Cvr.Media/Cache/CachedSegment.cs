namespace Cvr.Media.Cache;

/// <summary>A file (or a segment with its manifest) in a stream's cache, as the budget sees it.</summary>
/// <param name="Name">The segment file name (sealed/uploaded), or the path (ingest).</param>
/// <param name="SizeBytes">Bytes it occupies, manifest included.</param>
/// <param name="Stage">Its stage.</param>
public sealed record CachedSegment(string Name, long SizeBytes, CacheStage Stage);
