namespace Cvr.Contracts.Events;

/// <summary>How a segment's UTC times were obtained and how far they can be trusted.</summary>
/// <param name="Source">The clock the times follow.</param>
/// <param name="ErrorMs">
/// The segment's stamped end minus that clock's best estimate of it, in milliseconds (positive: stamped
/// late). Cvr steers it toward zero; null when unknown.
/// </param>
/// <param name="DriftPpm">
/// How fast the camera's media clock runs against that clock, in parts per million (positive: fast);
/// null until measured.
/// </param>
public sealed record SegmentClock(ClockSource Source, double? ErrorMs, double? DriftPpm);
