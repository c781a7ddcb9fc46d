using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The ranges and gaps of a timeline read from its kept <see cref="TimelinePiece"/>s: joined pieces
/// merge back into their range; between the first and the last piece, where nothing is recorded is a
/// gap, whose reason is that of the dropped segments there, else the end reason of the session of the
/// last segment before it.
/// </summary>
public static class PieceTimeline
{
    /// <summary>The recorded ranges, in time order.</summary>
    public static IReadOnlyList<TimeRange> Ranges(IReadOnlyList<TimelinePiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        return Merge(pieces.Where(p => p.IsRecorded));
    }

    /// <param name="sessionEndReasons">Why a session ended, as far as known (by its tail).</param>
    public static IReadOnlyList<TimeGap> Gaps(IReadOnlyList<TimelinePiece> pieces, Func<PieceTail, string?> sessionEndReasons)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(sessionEndReasons);
        var gaps = new List<TimeGap>();
        var dropped = pieces.Where(p => !p.IsRecorded).ToList();
        var byEnd = pieces.OrderBy(p => p.End).ToArray();
        var ends = Array.ConvertAll(byEnd, p => p.End.UtcTicks);
        foreach (var hole in Holes(pieces))
        {
            var position = hole.Start;
            var spans = dropped.Where(p => p.End > hole.Start && p.Start < hole.End)
                .GroupBy(p => p.Kind, StringComparer.Ordinal)
                .SelectMany(g => Merge(g).Select(r => (r.Start, r.End, Reason: g.Key)))
                .OrderBy(r => r.Start);
            foreach (var span in spans)
            {
                var start = span.Start < hole.Start ? hole.Start : span.Start;
                var end = span.End > hole.End ? hole.End : span.End;
                if (start > position)
                {
                    gaps.Add(new TimeGap(position, start, ReasonBefore(byEnd, ends, position, sessionEndReasons)));
                }

                if (end > start)
                {
                    gaps.Add(new TimeGap(start, end, span.Reason));
                }

                position = end > position ? end : position;
            }

            if (hole.End > position)
            {
                gaps.Add(new TimeGap(position, hole.End, ReasonBefore(byEnd, ends, position, sessionEndReasons)));
            }
        }

        return gaps;
    }

    /// <summary>Pieces of one kind merged into ranges: a joined piece continues the range before it.</summary>
    private static List<TimeRange> Merge(IEnumerable<TimelinePiece> pieces)
    {
        var ranges = new List<TimeRange>();
        foreach (var piece in pieces.OrderBy(p => p.Start))
        {
            if (ranges.Count > 0 && piece.Joined)
            {
                var last = ranges[^1];
                ranges[^1] = last with
                {
                    End = piece.End > last.End ? piece.End : last.End,
                    Clock = Add(last.Clock, piece.Clock),
                    Media = Add(last.Media, piece.Media),
                };
            }
            else
            {
                ranges.Add(new TimeRange(piece.Start, piece.End, piece.Clock, piece.Media));
            }
        }

        return ranges;
    }

    /// <summary>Where, between the first and the last piece, nothing playable is recorded.</summary>
    private static List<TimeRange> Holes(IReadOnlyList<TimelinePiece> pieces)
    {
        var holes = new List<TimeRange>();
        if (pieces.Count == 0)
        {
            return holes;
        }

        var cursor = pieces.Min(p => p.Start);
        foreach (var range in Ranges(pieces))
        {
            if (range.Start > cursor)
            {
                holes.Add(new TimeRange(cursor, range.Start));
            }

            cursor = range.End > cursor ? range.End : cursor;
        }

        var knownEnd = pieces.Max(p => p.End);
        if (knownEnd > cursor)
        {
            holes.Add(new TimeRange(cursor, knownEnd));
        }

        return holes;
    }

    /// <summary>The end reason of the session of the piece that ended last by <paramref name="time"/> (within the tolerance).</summary>
    /// <param name="byEnd">The pieces in order of their end; <paramref name="ends"/> those ends, in ticks.</param>
    private static string ReasonBefore(TimelinePiece[] byEnd, long[] ends, DateTimeOffset time, Func<PieceTail, string?> sessionEndReasons)
    {
        var last = FirstAfter(ends, (time + Timeline.Tolerance).UtcTicks) - 1;
        while (last > 0 && ends[last - 1] == ends[last])
        {
            last--; // of pieces that end together, the first (as pieces are ordered)
        }

        return last >= 0 && sessionEndReasons(byEnd[last].Tail) is { } reason ? reason : TimeGap.Unknown;
    }

    /// <summary>The index of the first of the ordered values that is greater than <paramref name="value"/> (their count if none is).</summary>
    private static int FirstAfter(long[] ordered, long value)
    {
        int low = 0, high = ordered.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (ordered[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static ClockSummary? Add(ClockSummary? summary, ClockSummary? more) =>
        more is null ? summary : more.Sources.Aggregate(summary, (s, source) => ClockSummary.Add(s, new SegmentClock(source, more.MaxErrorMs, more.MaxDriftPpm)));

    private static MediaSummary? Add(MediaSummary? summary, MediaSummary? more) =>
        more is null ? summary : MediaSummary.Add(summary, new SegmentMedia(more.Codecs, more.Width, more.Height, more.FrameRate, more.PeakBitrateBps));
}
