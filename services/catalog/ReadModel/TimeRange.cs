namespace Cvr.Catalog.ReadModel;

/// <summary>A span of recorded media, UTC.</summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset End);
