namespace Cvr.Ingest.Recording;

/// <summary>
/// Notices a jump of the host's wall clock: the wall clock and the monotonic clock should advance
/// together; when they drift apart by more than the tolerance, the wall clock was set.
/// </summary>
public sealed class ClockJumpDetector
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;
    private readonly DateTimeOffset _wallStart;
    private readonly long _monotonicStart;

    public ClockJumpDetector(TimeProvider time, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _tolerance = tolerance ?? DefaultTolerance;
        _wallStart = time.GetUtcNow();
        _monotonicStart = time.GetTimestamp();
    }

    /// <summary>How far the wall clock moved apart from the monotonic clock since the start (positive: forward).</summary>
    public TimeSpan Drift => (_time.GetUtcNow() - _wallStart) - _time.GetElapsedTime(_monotonicStart);

    public bool HasJumped => Drift.Duration() > _tolerance;
}
