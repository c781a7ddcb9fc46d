namespace Cvr.Bench;

/// <summary>The machine's aggregate <c>cpu</c> line of /proc/stat, in clock ticks over all cores.</summary>
internal sealed record CpuTimes(long Total, long Idle)
{
    /// <summary>Busy share of all cores between two readings, 0 to 1.</summary>
    public static double BusyShare(CpuTimes start, CpuTimes end)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        var total = end.Total - start.Total;
        return total <= 0 ? 0 : 1 - ((double)(end.Idle - start.Idle) / total);
    }
}
