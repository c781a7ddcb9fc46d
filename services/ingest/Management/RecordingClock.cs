using Cvr.Contracts.Events;

namespace Cvr.Ingest.Management;

/// <summary>Which clock a recording's times follow (the RTSP source's clockSource and cameraClockTolerance).</summary>
/// <param name="Source">Host (default) or Camera.</param>
/// <param name="CameraTolerance">With Camera: the furthest camera time may be from the host's; beyond it the host's is used, with a warning.</param>
public sealed record RecordingClock(ClockSource Source, TimeSpan CameraTolerance)
{
    public static RecordingClock Host { get; } = new(ClockSource.Host, TimeSpan.FromSeconds(5));
}
