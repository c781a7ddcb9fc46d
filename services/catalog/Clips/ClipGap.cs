namespace Cvr.Catalog.Clips;

/// <summary>A span of a clip's range without media: refused, or left out with <c>gaps=skip</c>.</summary>
public sealed record ClipGap(DateTimeOffset Start, DateTimeOffset End);
