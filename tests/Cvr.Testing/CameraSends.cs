using System.Globalization;

namespace Cvr.Testing;

/// <summary>The paced test camera's log of keyframes sent: <c>MOUNT FRAME LOOP_INDEX SENT_UNIX_NS</c> per line.</summary>
public sealed class CameraSends
{
    private readonly ILookup<int, DateTimeOffset> _byLoopIndex;

    private CameraSends(IReadOnlyList<(long Frame, int LoopIndex, DateTimeOffset Sent)> sends)
    {
        _byLoopIndex = sends.ToLookup(s => s.LoopIndex, s => s.Sent);
        Lateness = Late(sends);
    }

    /// <summary>
    /// How late each keyframe left against the camera's own schedule (frame n at t0 + n × 40 ms, t0 the
    /// earliest the log allows): the camera's share of any timestamp error, when it is loaded.
    /// </summary>
    public IReadOnlyList<TimeSpan> Lateness { get; }

    /// <param name="mount">Only this mount's sends (cam0, cam1…), for a camera serving several.</param>
    public static CameraSends Read(string path, string? mount = null)
    {
        var sends = new List<(long, int, DateTimeOffset)>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(' ');
            if (fields.Length == 4 && (mount is null || fields[0] == mount) && long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
            {
                sends.Add((long.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture), DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100)));
            }
        }

        return new CameraSends(sends);
    }

    /// <summary>When the camera sent the keyframe of this loop position that is nearest to <paramref name="near"/>.</summary>
    public DateTimeOffset? SentNear(int loopIndex, DateTimeOffset near) =>
        _byLoopIndex[loopIndex].Select(s => (DateTimeOffset?)s).MinBy(s => (s!.Value - near).Duration());

    /// <summary>
    /// Per media pipeline (the camera starts a new one, from frame 0, when a mount gets its first client
    /// again); frame 0 leaves at once, off the schedule of the frames after it, and is left out.
    /// </summary>
    private static List<TimeSpan> Late(IReadOnlyList<(long Frame, int LoopIndex, DateTimeOffset Sent)> sends)
    {
        var frame = TimeSpan.FromMilliseconds(40);
        var lateness = new List<TimeSpan>();
        var run = new List<(long Frame, int LoopIndex, DateTimeOffset Sent)>();
        foreach (var send in sends.Append((-1, 0, default)))
        {
            if (run.Count > 0 && send.Frame <= run[^1].Frame)
            {
                var scheduled = run.Where(s => s.Frame > 0).ToList();
                if (scheduled.Count > 0)
                {
                    var start = scheduled.Min(s => s.Sent - (frame * s.Frame));
                    lateness.AddRange(scheduled.Select(s => s.Sent - (frame * s.Frame) - start));
                }

                run.Clear();
            }

            run.Add(send);
        }

        return lateness;
    }
}
