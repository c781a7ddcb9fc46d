using System.Diagnostics;
using System.Globalization;

namespace Cvr.Bench;

/// <summary>Reads /proc. A process can vanish between listing and reading: readers then return null.</summary>
internal static class ProcFs
{
    private static readonly Lazy<int> ClockTicks = new(ReadClockTicks);

    /// <summary>CLK_TCK (getconf), the unit of the times in /proc/PID/stat; normally 100.</summary>
    public static int ClockTicksPerSecond => ClockTicks.Value;

    public static ProcessStat? ReadStat(int pid) => ParseStat(pid, ReadText($"/proc/{pid}/stat"));

    /// <summary>The threads of a process, each with its name (comm: ".NET Tiered Com", ".NET TP Worker", …) and CPU time.</summary>
    public static IReadOnlyList<ProcessStat> ReadThreads(int pid)
    {
        var threads = new List<ProcessStat>();
        try
        {
            foreach (var folder in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                    && ParseStat(tid, ReadText(Path.Combine(folder, "stat"))) is { } stat)
                {
                    threads.Add(stat);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return threads;
    }

    private static ProcessStat? ParseStat(int pid, string? text)
    {
        if (text is null)
        {
            return null;
        }

        // comm is in parentheses and may hold spaces or parentheses itself: split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so field n is fields[n - 3].
        long Field(int n) => long.Parse(fields[n - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return new ProcessStat(
            pid,
            text[(open + 1)..close],
            (int)Field(4),
            Field(14),
            Field(15),
            Field(16) + Field(17),
            Field(22));
    }

    /// <summary>/proc/PID/io; readable for one's own processes and as root. For a process that waited
    /// for its exited children, it includes theirs.</summary>
    public static IoCounters? ReadIo(int pid)
    {
        var values = ReadKeyValues($"/proc/{pid}/io");
        return values is null
            ? null
            : new IoCounters(
                values.GetValueOrDefault("rchar"),
                values.GetValueOrDefault("wchar"),
                values.GetValueOrDefault("read_bytes"),
                values.GetValueOrDefault("write_bytes"),
                values.GetValueOrDefault("cancelled_write_bytes"));
    }

    public static MemoryStatus? ReadMemory(int pid)
    {
        var values = ReadKeyValues($"/proc/{pid}/status");
        return values is null ? null : new MemoryStatus(values.GetValueOrDefault("VmRSS"), values.GetValueOrDefault("VmHWM"));
    }

    /// <summary>Every process on the machine now.</summary>
    public static IReadOnlyList<ProcessStat> All()
    {
        var all = new List<ProcessStat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                all.Add(stat);
            }
        }

        return all;
    }

    /// <summary>The descendants of <paramref name="roots"/> (children, grandchildren, …) in <paramref name="all"/>.</summary>
    public static IReadOnlyList<ProcessStat> Descendants(IReadOnlyCollection<int> roots, IReadOnlyList<ProcessStat> all)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(all);
        var byParent = all.ToLookup(p => p.ParentPid);
        var found = new List<ProcessStat>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in byParent[parent])
            {
                found.Add(child);
                pending.Enqueue(child.Pid);
            }
        }

        return found;
    }

    /// <summary>The command line, arguments separated by spaces; null if the process is gone.</summary>
    public static string? ReadCommandLine(int pid) => ReadText($"/proc/{pid}/cmdline")?.Replace('\0', ' ');

    public static CpuTimes ReadMachine()
    {
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal (guest time is already in user).
        var total = ticks.Take(8).Sum();
        var idle = ticks[3] + ticks[4];
        return new CpuTimes(total, idle);
    }

    private static Dictionary<string, long>? ReadKeyValues(string path)
    {
        var text = ReadText(path);
        if (text is null)
        {
            return null;
        }

        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            // "write_bytes: 4096" or "VmRSS:     1234 kB"
            var value = line[(colon + 1)..].Trim().Split(' ')[0];
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                values[line[..colon]] = number;
            }
        }

        return values;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null)
            {
                var text = getconf.StandardOutput.ReadToEnd();
                getconf.WaitForExit();
                if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
                {
                    return ticks;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        return 100;
    }
}
