namespace Cvr.Media.Time;

/// <summary>
/// What Cvr promises about recorded time, and when it stops trusting a session's clock. Bound from
/// the <c>Ingest:Clock</c> configuration section; the defaults follow Moonfire NVR's design (a camera
/// clock within 500 ppm is corrected, anything worse is reported).
/// </summary>
public sealed class ClockBounds
{
    /// <summary>
    /// The most a segment's UTC duration may differ from its media duration while it is steered toward
    /// the reference clock, in parts per million: 500 ppm of a PT30S segment is 15 ms.
    /// </summary>
    public double MaxSlewPpm { get; set; } = 500;

    /// <summary>A stamped time further than this from the clock's estimate ends the session (CameraClockDrift).</summary>
    public TimeSpan MaxError { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A jump of more than this, of the camera's timestamps against their arrival or of the host's wall
    /// clock against its monotonic clock, is a step: the session ends (CameraClockStep, ClockJump).
    /// </summary>
    public TimeSpan StepThreshold { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Frames arriving later than the step threshold for this long are a step too (timestamps that jumped back).</summary>
    public TimeSpan StepPersistence { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Media time observed before steps are looked for and before the camera's rate is estimated: what
    /// arrives first is delayed (ffmpeg's probing, a camera's start-up burst).
    /// </summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The span of recent arrivals the camera's rate is estimated from.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The tolerance as a fraction (500 ppm is 0.0005).</summary>
    public double MaxSlew => MaxSlewPpm / 1_000_000;

    /// <summary>What makes no sense in these bounds, naming the setting; null when they are fine.</summary>
    public string? Problem()
    {
        if (MaxSlewPpm is < 0 or > 100_000 || double.IsNaN(MaxSlewPpm))
        {
            return $"Ingest:Clock:MaxSlewPpm must be between 0 and 100000; it is {MaxSlewPpm}.";
        }

        foreach (var (name, value) in new[] { (nameof(MaxError), MaxError), (nameof(StepThreshold), StepThreshold), (nameof(StepPersistence), StepPersistence), (nameof(Warmup), Warmup), (nameof(RateWindow), RateWindow) })
        {
            if (value <= TimeSpan.Zero)
            {
                return $"Ingest:Clock:{name} must be a positive duration; it is {value}.";
            }
        }

        return RateWindow < Warmup ? $"Ingest:Clock:RateWindow ({RateWindow}) must be at least Ingest:Clock:Warmup ({Warmup})." : null;
    }
}
