using Cvr.Catalog.ReadModel;

namespace Cvr.Catalog.Api;

/// <summary>
/// A contiguous recorded range, UTC, how far its times can be trusted and what it holds (its codecs and
/// picture size are its segments'; each absent for media recorded before Cvr measured or described it).
/// </summary>
public sealed record TimeRangeView(DateTimeOffset Start, DateTimeOffset End, ClockSummary? Clock, MediaSummary? Media);
