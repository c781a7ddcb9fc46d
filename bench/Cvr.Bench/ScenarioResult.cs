using System.Diagnostics;

namespace Cvr.Bench;

/// <summary>
/// One scenario's window: deltas of /proc counters between two snapshots, per role. "host" is the cvr
/// process itself; "ffmpeg" is every ffmpeg (bare: the scenario's own; cvr: the host's children,
/// including any that exited within the window, whose CPU time the host's cutime/cstime collected).
/// </summary>
internal sealed record ScenarioResult(
    string Scenario,
    int Cameras,
    double Seconds,
    int ClockTicksPerSecond,
    long HostTicks,
    long FfmpegTicks,
    long ReapedChildTicks,
    IoCounters HostIo,
    IoCounters FfmpegIo,
    long ReceivedBytes,
    int CameraConnections,
    long VideoBytes,
    long ExpectedBytes,
    long CameraTicks,
    double MachineBusyShare,
    MemoryStatus HostMemory,
    long FfmpegRssKiB,
    int FfmpegProcesses,
    int ProcessesStarted,
    int ProcessesEnded,
    IReadOnlyList<string> OtherProcesses,
    IReadOnlyDictionary<string, long> HostThreadTicks)
{
    /// <summary>The .NET background JIT thread (tiered compilation: methods recompiled once they are hot).</summary>
    public const string JitThread = ".NET Tiered Com";

    /// <summary>Host CPU spent recompiling methods: a warm-up cost, which fades over the first minutes.</summary>
    public double HostJitCpuPercentPerCamera => PerCamera(HostThreadTicks.GetValueOrDefault(JitThread));

    public long TotalTicks => HostTicks + FfmpegTicks + ReapedChildTicks;

    /// <summary>CPU of the whole scenario, in percent of one core, per recorded camera.</summary>
    public double CpuPercentPerCamera => PerCamera(TotalTicks);

    public double HostCpuPercentPerCamera => PerCamera(HostTicks);

    public double FfmpegCpuPercentPerCamera => PerCamera(FfmpegTicks + ReapedChildTicks);

    /// <summary>The camera server's CPU in percent of one core (all its mounts, not per camera).</summary>
    public double CameraCpuPercent => Percent(CameraTicks);

    /// <summary>Bytes the scenario's processes caused to be written to storage.</summary>
    public long WrittenBytes => HostIo.WriteBytes + FfmpegIo.WriteBytes;

    public long Wchar => HostIo.Wchar + FfmpegIo.Wchar;

    public long CancelledWriteBytes => HostIo.CancelledWriteBytes + FfmpegIo.CancelledWriteBytes;

    public double WrittenPerReceived => ReceivedBytes > 0 ? (double)WrittenBytes / ReceivedBytes : double.NaN;

    public double ReceivedPerExpected => ExpectedBytes > 0 ? (double)ReceivedBytes / ExpectedBytes : double.NaN;

    /// <summary>Host time on threads that exited between samples, so not attributed to a name.</summary>
    public const string ExitedThreads = "(exited threads)";

    /// <param name="hostThreads">The host's CPU by thread name over the window, if there is a host.</param>
    public static ScenarioResult Compare(
        string scenario, int cameras, ScenarioSnapshot start, ScenarioSnapshot end, double expectedBytesPerCameraSecond, IReadOnlyDictionary<string, long>? hostThreads)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var before = start.Roots.Concat(start.Descendants).ToDictionary(p => p.Key);
        var after = end.Roots.Concat(end.Descendants).ToList();

        long hostTicks = 0, ffmpegTicks = 0, reapedTicks = 0;
        IoCounters hostIo = IoCounters.Zero, ffmpegIo = IoCounters.Zero;
        var others = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var now in after)
        {
            // A process that started within the window counts from zero: all of its life is inside it.
            var then = before.GetValueOrDefault(now.Key);
            var ticks = now.Stat.Ticks - (then?.Stat.Ticks ?? 0);
            var io = now.Io - (then?.Io ?? IoCounters.Zero);
            if (now.Role == "ffmpeg")
            {
                ffmpegTicks += ticks;
                ffmpegIo += io;
            }
            else
            {
                hostTicks += ticks;
                hostIo += io;
                if (now.Role != "host")
                {
                    others.Add(now.Role);
                }
            }

            if (end.Roots.Contains(now))
            {
                reapedTicks += now.Stat.ReapedChildTicks - (then?.Stat.ReapedChildTicks ?? 0);
            }
        }

        // Bytes received on the ffmpegs' camera connections; a connection opened within the window counts from zero.
        var sockets = start.CameraSockets.ToDictionary(s => s.Local, s => s.BytesReceived);
        var received = end.CameraSockets.Sum(s => s.BytesReceived - sockets.GetValueOrDefault(s.Local));

        var afterKeys = after.Select(p => p.Key).ToHashSet();
        var host = end.Roots.FirstOrDefault(p => p.Role == "host");
        var ffmpegs = after.Where(p => p.Role == "ffmpeg").ToList();
        return new ScenarioResult(
            scenario,
            cameras,
            seconds,
            ProcFs.ClockTicksPerSecond,
            hostTicks,
            ffmpegTicks,
            reapedTicks,
            hostIo,
            ffmpegIo,
            received,
            end.CameraSockets.Count,
            end.VideoBytes - start.VideoBytes,
            (long)(expectedBytesPerCameraSecond * seconds * cameras),
            end.CameraTicks - start.CameraTicks,
            CpuTimes.BusyShare(start.Machine, end.Machine),
            host?.Memory ?? MemoryStatus.Zero,
            ffmpegs.Sum(p => p.Memory.RssKiB),
            ffmpegs.Count,
            after.Count(p => !before.ContainsKey(p.Key)),
            before.Keys.Count(k => !afterKeys.Contains(k)),
            [.. others],
            WithExitedThreads(hostThreads, start, end));
    }

    private static SortedDictionary<string, long> WithExitedThreads(IReadOnlyDictionary<string, long>? threads, ScenarioSnapshot start, ScenarioSnapshot end)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (threads is null || end.Roots.FirstOrDefault(p => p.Role == "host") is not { } host
            || start.Roots.FirstOrDefault(p => p.Key == host.Key) is not { } before)
        {
            return result;
        }

        foreach (var (name, ticks) in threads)
        {
            result[name] = ticks;
        }

        var unattributed = host.Stat.Ticks - before.Stat.Ticks - threads.Values.Sum();
        if (unattributed > 0)
        {
            result[ExitedThreads] = unattributed;
        }

        return result;
    }

    private double PerCamera(long ticks) => Percent(ticks) / Cameras;

    private double Percent(long ticks) => Seconds > 0 ? 100.0 * ticks / ClockTicksPerSecond / Seconds : double.NaN;
}
