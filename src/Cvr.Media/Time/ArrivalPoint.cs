namespace Cvr.Media.Time;

/// <summary>One frame's arrival: its media time and "arrival − media time", both in ticks.</summary>
internal readonly record struct ArrivalPoint(long Media, long Offset);
