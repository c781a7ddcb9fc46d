namespace Cvr.Bench;

/// <summary>
/// Where a process's CPU time goes, by thread name (".NET Tiered Com", ".NET TP Worker", …). .NET retires
/// idle threads, and a thread's time leaves /proc/PID/task with it, so the threads are sampled through
/// the window rather than only at its edges; time of a thread that exits between samples is not attributed.
/// </summary>
internal sealed class ThreadCpuTracker
{
    private readonly int _pid;
    private readonly Dictionary<(int Tid, long StartTime), long> _baseline;
    private readonly Dictionary<(int Tid, long StartTime), (string Name, long Ticks)> _latest = [];

    public ThreadCpuTracker(int pid)
    {
        _pid = pid;
        _baseline = ProcFs.ReadThreads(pid).ToDictionary(t => (t.Pid, t.StartTime), t => t.Ticks);
    }

    public void Sample()
    {
        foreach (var thread in ProcFs.ReadThreads(_pid))
        {
            _latest[(thread.Pid, thread.StartTime)] = (thread.Comm, thread.Ticks);
        }
    }

    /// <summary>Ticks per thread name since the tracker started; a thread born since then counts from zero.</summary>
    public IReadOnlyDictionary<string, long> TicksByName()
    {
        var byName = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, (name, ticks)) in _latest)
        {
            var delta = ticks - _baseline.GetValueOrDefault(key);
            if (delta > 0)
            {
                byName[name] = byName.GetValueOrDefault(name) + delta;
            }
        }

        return byName;
    }
}
