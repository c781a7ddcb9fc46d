namespace Cvr.Catalog.ReadModel;

/// <summary>A span of recorded media, UTC, and how far the times of its segments can be trusted.</summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset End, ClockSummary? Clock = null);
