namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The one rule of contiguity, used for available media and for playlists: segments that abut within
/// a tolerance form one range; anything more is a gap.
/// </summary>
public static class Timeline
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>Merges time-ordered segments into contiguous ranges.</summary>
    public static IReadOnlyList<TimeRange> Ranges(IEnumerable<CatalogSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var ranges = new List<TimeRange>();
        foreach (var segment in segments.OrderBy(s => s.Start))
        {
            if (ranges.Count > 0 && segment.Start - ranges[^1].End <= Tolerance)
            {
                var last = ranges[^1];
                ranges[^1] = last with { End = segment.End > last.End ? segment.End : last.End };
            }
            else
            {
                ranges.Add(new TimeRange(segment.Start, segment.End));
            }
        }

        return ranges;
    }

    /// <summary>
    /// Splits time-ordered segments into runs a player can decode without a discontinuity: same
    /// session, consecutive sequence numbers, and abutting in time.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<CatalogSegment>> Runs(IReadOnlyList<CatalogSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var runs = new List<List<CatalogSegment>>();
        CatalogSegment? previous = null;
        foreach (var segment in segments)
        {
            var continues = previous is not null
                && previous.SessionId == segment.SessionId
                && previous.StreamId == segment.StreamId
                && segment.Sequence == previous.Sequence + 1
                && (segment.Start - previous.End).Duration() <= Tolerance;
            if (!continues)
            {
                runs.Add([]);
            }

            runs[^1].Add(segment);
            previous = segment;
        }

        return runs;
    }
}
