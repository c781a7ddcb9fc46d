namespace Cvr.Bench;

/// <summary>The fields of /proc/PID/stat the harness uses; times in clock ticks.</summary>
/// <param name="UserTicks">utime (field 14).</param>
/// <param name="SystemTicks">stime (field 15).</param>
/// <param name="ReapedChildTicks">cutime + cstime (fields 16, 17): children that exited and were waited for.</param>
/// <param name="StartTime">starttime (field 22): with the pid, identifies the process across samples.</param>
internal sealed record ProcessStat(int Pid, string Comm, int ParentPid, long UserTicks, long SystemTicks, long ReapedChildTicks, long StartTime)
{
    public long Ticks => UserTicks + SystemTicks;
}
