using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>The clock of a run of segments: the worst error and drift among them, and the clocks they follow.</summary>
/// <param name="MaxErrorMs">The largest estimated error of a segment's times, in ms (absolute); null if none is known.</param>
/// <param name="MaxDriftPpm">The measured camera drift furthest from zero, in ppm (signed); null if none is known.</param>
/// <param name="Sources">The clocks the segments' times follow.</param>
public sealed record ClockSummary(double? MaxErrorMs, double? MaxDriftPpm, IReadOnlyList<ClockSource> Sources)
{
    /// <summary>This summary with one more segment's clock in it.</summary>
    public static ClockSummary? Add(ClockSummary? summary, SegmentClock? clock)
    {
        if (clock is null)
        {
            return summary;
        }

        if (summary is null)
        {
            return new ClockSummary(clock.ErrorMs is { } e ? Math.Abs(e) : null, clock.DriftPpm, [clock.Source]);
        }

        var error = clock.ErrorMs is { } added ? Math.Max(summary.MaxErrorMs ?? 0, Math.Abs(added)) : summary.MaxErrorMs;
        var drift = clock.DriftPpm is { } ppm && (summary.MaxDriftPpm is not { } worst || Math.Abs(ppm) > Math.Abs(worst)) ? ppm : summary.MaxDriftPpm;
        var sources = summary.Sources.Contains(clock.Source) ? summary.Sources : [.. summary.Sources, clock.Source];
        return new ClockSummary(error, drift, sources);
    }
}
