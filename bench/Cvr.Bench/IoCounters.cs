namespace Cvr.Bench;

/// <summary>
/// A process's /proc/PID/io: <c>rchar</c>/<c>wchar</c> count the bytes passed to read(2)/write(2) and
/// their kin (files, pipes; not recv(2)/send(2) on sockets); <c>write_bytes</c> counts the bytes the process caused to
/// be written to storage (page-cache pages it dirtied), <c>cancelled_write_bytes</c> those it undid by
/// truncating or deleting dirty pages.
/// </summary>
internal sealed record IoCounters(long Rchar, long Wchar, long ReadBytes, long WriteBytes, long CancelledWriteBytes)
{
    public static readonly IoCounters Zero = new(0, 0, 0, 0, 0);

    public static IoCounters operator +(IoCounters left, IoCounters right) =>
        new(left.Rchar + right.Rchar, left.Wchar + right.Wchar, left.ReadBytes + right.ReadBytes,
            left.WriteBytes + right.WriteBytes, left.CancelledWriteBytes + right.CancelledWriteBytes);

    public static IoCounters operator -(IoCounters left, IoCounters right) =>
        new(left.Rchar - right.Rchar, left.Wchar - right.Wchar, left.ReadBytes - right.ReadBytes,
            left.WriteBytes - right.WriteBytes, left.CancelledWriteBytes - right.CancelledWriteBytes);

    public static IoCounters Add(IoCounters left, IoCounters right) => left + right;

    public static IoCounters Subtract(IoCounters left, IoCounters right) => left - right;
}
