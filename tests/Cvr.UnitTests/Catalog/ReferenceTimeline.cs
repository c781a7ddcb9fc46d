using Cvr.Catalog.ReadModel;

namespace Cvr.UnitTests.Catalog;

/// <summary>
/// A slow, obviously correct answer to "what is recorded in [from, to), and why is the rest not": it marks
/// every step of the span (a second, or coarser for a long span), then reads the runs. A step is recorded if a kept segment covers it; else,
/// between the first and the last segment of the whole history, it is a gap whose reason is the eviction's
/// if an evicted segment covers it, else the end reason of the session of the last segment that ended by
/// then. It needs times on whole steps, abutting segments and one kind of media (what
/// <see cref="Cvr.Testing.LongHistory"/> generates): it knows nothing of the contiguity tolerance or of
/// media changes, which the smaller timeline tests cover.
/// </summary>
public static class ReferenceTimeline
{
    public static (List<(DateTimeOffset Start, DateTimeOffset End)> Ranges, List<(DateTimeOffset Start, DateTimeOffset End, string Reason)> Gaps) Compute(
        IReadOnlyList<CatalogSegment> history, IReadOnlyDictionary<string, string> sessionEndReasons, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var ordered = history.OrderBy(s => s.Segment.End).ToList();
        var first = history.Min(s => s.Segment.Start);
        var last = history.Max(s => s.Segment.End);
        var states = new List<(DateTimeOffset Second, string? Reason)>();
        for (var second = from > first ? from : first; second < to && second < last; second += step)
        {
            states.Add((second, StateAt(ordered, sessionEndReasons, second)));
        }

        var ranges = new List<(DateTimeOffset, DateTimeOffset)>();
        var gaps = new List<(DateTimeOffset, DateTimeOffset, string)>();
        for (var i = 0; i < states.Count;)
        {
            var j = i;
            while (j < states.Count && states[j].Reason == states[i].Reason)
            {
                j++;
            }

            var end = states[j - 1].Second + step;
            end = end < to ? end : to;
            if (states[i].Reason is { } reason)
            {
                gaps.Add((states[i].Second, end, reason));
            }
            else
            {
                ranges.Add((states[i].Second, end));
            }

            i = j;
        }

        return (ranges, gaps);
    }

    /// <summary>Null if the step from this second on is recorded, else why not.</summary>
    private static string? StateAt(List<CatalogSegment> byEnd, IReadOnlyDictionary<string, string> sessionEndReasons, DateTimeOffset second)
    {
        var covering = byEnd.Where(s => s.Segment.Start <= second && second < s.Segment.End).ToList();
        if (covering.Any(s => !s.Evicted))
        {
            return null;
        }

        if (covering.Count > 0)
        {
            return TimeGap.ForEviction(covering[0].EvictedReason);
        }

        var before = byEnd.LastOrDefault(s => s.Segment.End <= second);
        return before is not null && sessionEndReasons.TryGetValue(before.Segment.SessionId, out var reason) ? reason : TimeGap.Unknown;
    }
}
