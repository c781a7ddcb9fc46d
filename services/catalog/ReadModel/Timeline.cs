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
    /// The gaps between the recorded ranges of segments (evicted ones included), each with its reason:
    /// spans of evicted segments say why they were dropped ("Evicted" for the cache cap, "DiskFull",
    /// "Corrupt"); any other gap takes the end reason of the session recorded just before it. Computed as
    /// the kept timeline computes it (<see cref="PieceTimeline.Gaps"/>), from the segments' pieces.
    /// </summary>
    public static IReadOnlyList<TimeGap> Gaps(IReadOnlyList<CatalogSegment> segments, IReadOnlyDictionary<string, string> sessionEndReasons)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(sessionEndReasons);
        var ordered = segments.OrderBy(s => s.Segment.Start).ThenBy(s => s.Segment.FileName, StringComparer.Ordinal);
        return PieceTimeline.Gaps(TimelinePieces.Build(ordered, []), tail => sessionEndReasons.GetValueOrDefault(tail.SessionId));
    }
}
