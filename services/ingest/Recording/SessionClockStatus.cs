using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>How a session's clock is doing, for the instance's recording status.</summary>
/// <param name="Source">The clock the last segment's times follow.</param>
/// <param name="DriftPpm">The camera's measured drift against the host, ppm (positive: fast); null until learnt.</param>
/// <param name="ErrorMs">The last segment's stamped end minus the clock's estimate, ms.</param>
/// <param name="WithinBounds">Whether drift and error are within what Cvr corrects (Ingest:Clock).</param>
/// <param name="Warning">What is wrong, when something is.</param>
public sealed record SessionClockStatus(ClockSource Source, double? DriftPpm, double? ErrorMs, bool WithinBounds, string? Warning)
{
    public static SessionClockStatus Learning { get; } = new(ClockSource.Host, null, null, true, null);
}
