namespace Cvr.Bench;

/// <summary>VmRSS and VmHWM (peak resident set) from /proc/PID/status, in KiB.</summary>
internal sealed record MemoryStatus(long RssKiB, long HwmKiB)
{
    public static readonly MemoryStatus Zero = new(0, 0);
}
