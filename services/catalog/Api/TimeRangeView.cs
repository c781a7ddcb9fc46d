namespace Cvr.Catalog.Api;

/// <summary>A contiguous recorded range, UTC.</summary>
public sealed record TimeRangeView(DateTimeOffset Start, DateTimeOffset End);
