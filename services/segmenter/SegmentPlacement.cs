using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Segmenter;

/// <summary>
/// Where a segment goes on the UTC timeline: the ingest's timing of it, or, for a segment the ingest
/// never timed (it stopped first), right after the segment before it, or failing that by its file's
/// last write (ffmpeg writes a fragment when the keyframe after it arrives).
/// </summary>
public sealed record SegmentPlacement(SegmentTiming? Timing, DateTimeOffset? After)
{
    public static SegmentPlacement Timed(SegmentTiming timing) => new(timing, null);

    public static SegmentPlacement Recovered(DateTimeOffset? previousEnd) => new(null, previousEnd);

    /// <summary>The segment's UTC range and clock, given how long its (possibly repaired) media lasts.</summary>
    /// <param name="duration">The media it holds.</param>
    /// <param name="repaired">Whether its torn tail was cut off (its listed end no longer holds).</param>
    /// <param name="lastWrite">Its file's last write, UTC.</param>
    public (DateTimeOffset Start, DateTimeOffset End, SegmentClock Clock) Place(TimeSpan duration, bool repaired, DateTimeOffset lastWrite)
    {
        if (Timing is { } timing)
        {
            return (timing.Start, repaired ? timing.Start + duration : timing.End, timing.Clock);
        }

        var start = After ?? WholeMilliseconds(lastWrite - duration);
        return (start, start + duration, new SegmentClock(ClockSource.Recovered, null, null));
    }

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
