using System.Diagnostics;

namespace Cvr.Bench;

/// <summary>
/// Everything measured at one edge of a window: the scenario's own processes (the roots), every
/// process they started (found through the ppid in /proc/*/stat), the segment bytes on disk, the
/// camera server's CPU time and the machine's CPU time.
/// </summary>
internal sealed record ScenarioSnapshot(
    long Timestamp,
    IReadOnlyList<ProcessSample> Roots,
    IReadOnlyList<ProcessSample> Descendants,
    long VideoBytes,
    long CameraTicks,
    CpuTimes Machine)
{
    public static ScenarioSnapshot Take(IScenario scenario, CameraServer camera)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(camera);
        var timestamp = Stopwatch.GetTimestamp();
        var machine = ProcFs.ReadMachine();
        var all = ProcFs.All();
        var rootIds = scenario.RootProcessIds;
        var roots = all.Where(p => rootIds.Contains(p.Pid))
            .Select(p => ProcessSample.Read(p, scenario.RootRole)).OfType<ProcessSample>().ToList();
        var descendants = ProcFs.Descendants(rootIds, all)
            .Select(p => ProcessSample.Read(p, p.Comm == "ffmpeg" ? "ffmpeg" : p.Comm)).OfType<ProcessSample>().ToList();
        var cameraTicks = all.FirstOrDefault(p => p.Pid == camera.ProcessId)?.Ticks ?? 0;
        return new ScenarioSnapshot(timestamp, roots, descendants, scenario.VideoBytes(), cameraTicks, machine);
    }
}
