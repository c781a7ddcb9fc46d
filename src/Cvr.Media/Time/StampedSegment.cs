namespace Cvr.Media.Time;

/// <summary>A segment placed on the UTC timeline.</summary>
/// <param name="Start">UTC of its first frame.</param>
/// <param name="End">UTC just after its last frame.</param>
/// <param name="Error">End minus the clock's estimate of it (positive: stamped late).</param>
public readonly record struct StampedSegment(DateTimeOffset Start, DateTimeOffset End, TimeSpan Error);
