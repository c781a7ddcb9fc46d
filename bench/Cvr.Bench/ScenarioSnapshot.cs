using System.Diagnostics;

namespace Cvr.Bench;

/// <summary>
/// Everything measured at one edge of a window: the scenario's own processes (the roots), every
/// process they started (found through the ppid in /proc/*/stat), the segment bytes on disk, the
/// camera server's CPU time, the machine's CPU time and the bytes received on each connection to the camera.
/// </summary>
internal sealed record ScenarioSnapshot(
    long Timestamp,
    IReadOnlyList<ProcessSample> Roots,
    IReadOnlyList<ProcessSample> Descendants,
    long VideoBytes,
    long CameraTicks,
    CpuTimes Machine,
    IReadOnlyList<TcpSocket> CameraSockets)
{
    public static async Task<ScenarioSnapshot> TakeAsync(IScenario scenario, CameraServer camera, CancellationToken cancellationToken)
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

        // The scenario's ffmpegs' connections to the camera (ss names the owner when run as root).
        var ffmpegs = roots.Concat(descendants).Where(p => p.Role == "ffmpeg").Select(p => p.Stat.Pid).ToHashSet();
        var sockets = (await TcpSocket.ToPortAsync(camera.Port, cancellationToken).ConfigureAwait(false))
            .Where(s => s.ProcessId is not { } pid || ffmpegs.Contains(pid)).ToList();
        return new ScenarioSnapshot(timestamp, roots, descendants, scenario.VideoBytes(), cameraTicks, machine, sockets);
    }
}
