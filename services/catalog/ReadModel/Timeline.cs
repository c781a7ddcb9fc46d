using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The one rule of contiguity, used for available media and for playlists: the next segment of the
/// same session (sequence + 1) continues a range if it starts within a tolerance of its end (the
/// ingest stamps it exactly there); a new session means the camera was reconnected and frames were
/// lost, so any time between two sessions is a gap, however short, with the reason the first ended.
/// Segments whose media differ (codecs or picture size: their init sections cannot be one) are never
/// joined, however they abut (<see cref="SegmentMedia.CanFollow"/>).
/// </summary>
public static class Timeline
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>Merges time-ordered segments into contiguous ranges.</summary>
    public static IReadOnlyList<TimeRange> Ranges(IEnumerable<SegmentDescriptor> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var ranges = new List<TimeRange>();
        SegmentDescriptor? previous = null;
        SegmentMedia? rangeMedia = null;
        foreach (var segment in segments.OrderBy(s => s.Start))
        {
            var next = previous is not null && Continues(previous, segment);
            if (ranges.Count > 0 && segment.Start - ranges[^1].End <= (next ? Tolerance : TimeSpan.Zero) && SegmentMedia.CanFollow(rangeMedia, segment.Media))
            {
                var last = ranges[^1];
                ranges[^1] = last with
                {
                    End = segment.End > last.End ? segment.End : last.End,
                    Clock = ClockSummary.Add(last.Clock, segment.Clock),
                    Media = MediaSummary.Add(last.Media, segment.Media),
                };
            }
            else
            {
                ranges.Add(new TimeRange(segment.Start, segment.End, ClockSummary.Add(null, segment.Clock), MediaSummary.Add(null, segment.Media)));
                rangeMedia = null;
            }

            rangeMedia = segment.Media ?? rangeMedia;
            previous = segment;
        }

        return ranges;
    }

    /// <summary>Whether <paramref name="segment"/> is the one recorded right after <paramref name="previous"/> in the same session.</summary>
    private static bool Continues(SegmentDescriptor previous, SegmentDescriptor segment) =>
        previous.SessionId == segment.SessionId && previous.StreamId == segment.StreamId && segment.Sequence == previous.Sequence + 1;

    /// <summary>
    /// Splits time-ordered segments into runs a player can decode without a discontinuity: same
    /// session, consecutive sequence numbers, abutting in time, and the same media.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<SegmentDescriptor>> Runs(IReadOnlyList<SegmentDescriptor> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var runs = new List<List<SegmentDescriptor>>();
        SegmentDescriptor? previous = null;
        SegmentMedia? runMedia = null;
        foreach (var segment in segments)
        {
            var continues = previous is not null && Continues(previous, segment) && (segment.Start - previous.End).Duration() <= Tolerance
                && SegmentMedia.CanFollow(runMedia, segment.Media);
            if (!continues)
            {
                runs.Add([]);
                runMedia = null;
            }

            runs[^1].Add(segment);
            runMedia = segment.Media ?? runMedia;
            previous = segment;
        }

        return runs;
    }

    /// <summary>
    /// The gaps between the recorded ranges of time-ordered segments (evicted ones included), each with
    /// its reason: spans of evicted segments say why they were dropped ("Evicted" for the cache cap,
    /// "DiskFull", "Corrupt"); any other gap takes the end reason of the session recorded just before it.
    /// </summary>
    public static IReadOnlyList<TimeGap> Gaps(IReadOnlyList<CatalogSegment> segments, IReadOnlyDictionary<string, string> sessionEndReasons)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(sessionEndReasons);
        var gaps = new List<TimeGap>();
        foreach (var hole in Holes(segments))
        {
            var position = hole.Start;
            var evicted = segments.Where(s => s.Evicted && s.Segment.End > hole.Start && s.Segment.Start < hole.End)
                .GroupBy(s => TimeGap.ForEviction(s.EvictedReason), s => s.Segment)
                .SelectMany(g => Ranges(g).Select(r => (r.Start, r.End, Reason: g.Key)))
                .OrderBy(r => r.Start);
            foreach (var span in evicted)
            {
                var start = span.Start < hole.Start ? hole.Start : span.Start;
                var end = span.End > hole.End ? hole.End : span.End;
                if (start > position)
                {
                    gaps.Add(new TimeGap(position, start, ReasonBefore(segments, position, sessionEndReasons)));
                }

                gaps.Add(new TimeGap(start, end, span.Reason));
                position = end;
            }

            if (hole.End > position)
            {
                gaps.Add(new TimeGap(position, hole.End, ReasonBefore(segments, position, sessionEndReasons)));
            }
        }

        return gaps;
    }

    /// <summary>Where, between the first and the last known segment, nothing playable is recorded.</summary>
    private static List<TimeRange> Holes(IReadOnlyList<CatalogSegment> segments)
    {
        var holes = new List<TimeRange>();
        if (segments.Count == 0)
        {
            return holes;
        }

        var cursor = segments.Min(s => s.Segment.Start);
        foreach (var range in Ranges(segments.Where(s => !s.Evicted).Select(s => s.Segment)))
        {
            if (range.Start > cursor)
            {
                holes.Add(new TimeRange(cursor, range.Start));
            }

            cursor = range.End > cursor ? range.End : cursor;
        }

        var knownEnd = segments.Max(s => s.Segment.End);
        if (knownEnd > cursor)
        {
            holes.Add(new TimeRange(cursor, knownEnd));
        }

        return holes;
    }

    private static string ReasonBefore(IReadOnlyList<CatalogSegment> segments, DateTimeOffset time, IReadOnlyDictionary<string, string> sessionEndReasons)
    {
        var before = segments.Select(s => s.Segment).Where(s => s.End <= time + Tolerance).MaxBy(s => s.End);
        return before is not null && sessionEndReasons.TryGetValue(before.SessionId, out var reason) ? reason : TimeGap.Unknown;
    }
}
