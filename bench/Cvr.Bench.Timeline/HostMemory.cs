using System.Globalization;

namespace Cvr.Bench.Timeline;

/// <summary>The host's resident memory (VmRSS) and its peak since it started (VmHWM), in KiB, from /proc/PID/status.</summary>
internal sealed record HostMemory(long RssKiB, long PeakRssKiB)
{
    public static HostMemory Read(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return new HostMemory(Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }

    private static long Field(string[] status, string name) =>
        long.Parse(status.Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
