namespace Cvr.Platform.Resilience;

/// <summary>
/// Capped exponential backoff, the one schedule of Cvr's retry loops: <see cref="Initial"/> before the
/// first retry, each wait <see cref="Multiplier"/> times the one before, never more than
/// <see cref="Maximum"/>. A pure function of the attempt number, so that a long-lived loop keeps its own
/// reasons to wait otherwise (a camera that refused the credentials) and a schedule can be kept on disk
/// (the in-process bus), which an in-memory retry pipeline cannot.
/// </summary>
public sealed record RetryBackoff(TimeSpan Initial, TimeSpan Maximum, double Multiplier = 2)
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        if (attempt <= 1)
        {
            return Initial;
        }

        var exponent = Math.Min(attempt - 1, 64);
        var ticks = Initial.Ticks * Math.Pow(Multiplier, exponent);
        return ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }
}
