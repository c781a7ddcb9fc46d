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
        foreach (var hole in Holes(pieces))
        {
            var position = hole.Start;
            var dropped = pieces.Where(p => !p.IsRecorded && p.End > hole.Start && p.Start < hole.End)
                .GroupBy(p => p.Kind, StringComparer.Ordinal)
                .SelectMany(g => Merge(g).Select(r => (r.Start, r.End, Reason: g.Key)))
                .OrderBy(r => r.Start);
            foreach (var span in dropped)
            {
                var start = span.Start < hole.Start ? hole.Start : span.Start;
                var end = span.End > hole.End ? hole.End : span.End;
                if (start > position)
                {
                    gaps.Add(new TimeGap(position, start, ReasonBefore(pieces, position, sessionEndReasons)));
                }

                if (end > start)
                {
                    gaps.Add(new TimeGap(start, end, span.Reason));
                }

                position = end > position ? end : position;
            }

            if (hole.End > position)
            {
                gaps.Add(new TimeGap(position, hole.End, ReasonBefore(pieces, position, sessionEndReasons)));
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

    private static string ReasonBefore(IReadOnlyList<TimelinePiece> pieces, DateTimeOffset time, Func<PieceTail, string?> sessionEndReasons)
    {
        var before = pieces.Where(p => p.End <= time + Timeline.Tolerance).MaxBy(p => p.End);
        return before is not null && sessionEndReasons(before.Tail) is { } reason ? reason : TimeGap.Unknown;
    }

    private static ClockSummary? Add(ClockSummary? summary, ClockSummary? more) =>
        more is null ? summary : more.Sources.Aggregate(summary, (s, source) => ClockSummary.Add(s, new SegmentClock(source, more.MaxErrorMs, more.MaxDriftPpm)));

    private static MediaSummary? Add(MediaSummary? summary, MediaSummary? more) =>
        more is null ? summary : MediaSummary.Add(summary, new SegmentMedia(more.Codecs, more.Width, more.Height, more.FrameRate, more.PeakBitrateBps));
}
