namespace Cvr.Bench;

/// <summary>One process at one moment: its CPU times, I/O counters and memory.</summary>
/// <param name="Role">host, ffmpeg, or the command name of anything else the host started.</param>
internal sealed record ProcessSample(ProcessStat Stat, IoCounters Io, MemoryStatus Memory, string Role)
{
    /// <summary>A pid with its start time: a reused pid is another process.</summary>
    public (int Pid, long StartTime) Key => (Stat.Pid, Stat.StartTime);

    public static ProcessSample? Read(ProcessStat stat, string role)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var io = ProcFs.ReadIo(stat.Pid);
        var memory = ProcFs.ReadMemory(stat.Pid);
        return io is null ? null : new ProcessSample(stat, io, memory ?? MemoryStatus.Zero, role);
    }
}
