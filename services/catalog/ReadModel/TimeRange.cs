namespace Cvr.Catalog.ReadModel;

/// <summary>A span of recorded media, UTC, how far the times of its segments can be trusted, and what they hold.</summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset End, ClockSummary? Clock = null, MediaSummary? Media = null);
