using Cvr.Catalog.ReadModel;

namespace Cvr.Catalog.Api;

/// <summary>A contiguous recorded range, UTC, and how far its times can be trusted (absent for media recorded before Cvr measured it).</summary>
public sealed record TimeRangeView(DateTimeOffset Start, DateTimeOffset End, ClockSummary? Clock);
