using Cvr.Contracts.Events;
using Cvr.Media.Mp4;

namespace Cvr.Catalog.Playback;

/// <summary>
/// The fragments of a segment that overlap a playlist's range, when not all of them do: a playlist of
/// [start, end) lists, at its first and last segment, only those (as MediaMTX does), so a player starts
/// at most a fragment (a GOP) before start and stops at most one after end.
/// </summary>
/// <param name="From">The first fragment kept, by its place in the segment.</param>
/// <param name="To">One past the last fragment kept.</param>
/// <param name="Start">When the first fragment kept starts (UTC).</param>
/// <param name="End">When the last fragment kept ends (UTC).</param>
public sealed record SegmentTrim(int From, int To, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Duration => End - Start;

    /// <summary>The fragments of the segment within [from, to); null when all of them are (or their times are not known).</summary>
    public static SegmentTrim? Of(SegmentDescriptor segment, Mp4SegmentIndex index, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(index);
        var timingStart = FragmentTimeShifter.TimingStart(index);
        SegmentTrim? kept = null;
        for (var i = 0; i < index.Fragments.Count; i++)
        {
            var fragment = index.Fragments[i];
            if (!index.Timescales.TryGetValue(fragment.TrackId, out var scale) || scale == 0)
            {
                return null;
            }

            // Every track is in its place against the others: a fragment's time less the video's first is its distance from the segment's start.
            var start = segment.Start + (Time(fragment.BaseMediaDecodeTime, scale) - timingStart);
            var end = start + Time(fragment.Duration, scale);
            if (start < to && end > from)
            {
                kept = kept is null ? new SegmentTrim(i, i + 1, start, end) : kept with { To = i + 1, End = end };
            }
        }

        return kept is null || (kept.From == 0 && kept.To == index.Fragments.Count) ? null : kept;
    }

    private static TimeSpan Time(ulong units, uint scale) => TimeSpan.FromTicks((long)Math.Round(units * (double)TimeSpan.TicksPerSecond / scale));
}
