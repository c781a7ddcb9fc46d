namespace Cvr.Ingest.Recording;

/// <summary>
/// One camera's recording against what was asked of it: from its activation on, every second is expected;
/// a second is recorded when a sealed segment covers it. The ratio looks at the last <see cref="Window"/>
/// ending <see cref="Settle"/> ago, so that the segment being written (and its sealing) is not counted as missing;
/// it is known once that window spans a segment length (a few seconds would make a meaningless share).
/// Not thread-safe: <see cref="RecordingMetrics"/> locks it.
/// </summary>
public sealed class RecordingLedger
{
    /// <summary>What a segment may take after its end to be sealed and heard of, beyond its own length.</summary>
    public static readonly TimeSpan SealAllowance = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> _segments = new(StringComparer.Ordinal);

    public RecordingLedger(DateTimeOffset activatedAt, TimeSpan segmentLength, TimeSpan window)
    {
        ActivatedAt = activatedAt;
        SegmentLength = segmentLength;
        Window = window;
        Settle = segmentLength + SealAllowance;
    }

    public DateTimeOffset ActivatedAt { get; }

    public TimeSpan SegmentLength { get; }

    public TimeSpan Window { get; }

    public TimeSpan Settle { get; }

    /// <summary>Seconds the camera was meant to record since its activation.</summary>
    public double ExpectedSeconds(DateTimeOffset now) => Math.Max(0, (now - ActivatedAt).TotalSeconds);

    /// <summary>A sealed segment; the same segment twice (a redelivery) counts once. False for a repeat.</summary>
    public bool Add(string segmentId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        Prune(now);
        return end > start && end > WindowStart(now) && _segments.TryAdd(segmentId, (start, end));
    }

    /// <summary>Recorded over expected seconds in the window, 0 to 1; null while the window is shorter than a segment.</summary>
    public double? Ratio(DateTimeOffset now)
    {
        var to = now - Settle;
        var from = Max(WindowStart(now), ActivatedAt);
        if (to - from < SegmentLength)
        {
            return null;
        }

        var recorded = TimeSpan.Zero;
        var covered = from;
        foreach (var (start, end) in _segments.Values.OrderBy(s => s.Start))
        {
            var s = Max(start, covered);
            var e = end < to ? end : to;
            if (e > s)
            {
                recorded += e - s;
                covered = e;
            }
        }

        return Math.Min(1, recorded / (to - from));
    }

    private DateTimeOffset WindowStart(DateTimeOffset now) => now - Settle - Window;

    private void Prune(DateTimeOffset now)
    {
        var start = WindowStart(now);
        foreach (var id in _segments.Where(s => s.Value.End <= start).Select(s => s.Key).ToList())
        {
            _segments.Remove(id);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
