using Cvr.Media.Mp4;

namespace Cvr.Media.Time;

/// <summary>
/// The camera's own clock, as its RTCP sender reports give it: ffmpeg stamps every packet that follows
/// a report with the camera's wall time, and writes that time of each fragment's first sample into the
/// prft box before it. Fragments from before the first report carry ffmpeg's own write time instead,
/// so only those from <c>trustedFrom</c> on (the first packet ffmpeg stamped) are used.
/// </summary>
public static class CameraClock
{
    /// <summary>
    /// The camera's UTC of media time zero of the session, from one segment: the median over its
    /// trusted fragments (reports refine it as they come); null when none is trusted yet.
    /// </summary>
    /// <param name="index">The segment's index.</param>
    /// <param name="segmentMediaStart">Where the segment starts in the session's media time (its first fragment).</param>
    /// <param name="trustedFrom">The session media time of the first packet that carried the camera's time.</param>
    public static DateTimeOffset? Anchor(Mp4SegmentIndex index, TimeSpan segmentMediaStart, TimeSpan trustedFrom)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Fragments.Count == 0)
        {
            return null;
        }

        var anchors = new List<long>();
        foreach (var fragment in index.Fragments)
        {
            if (fragment.Producer is { } producer && SessionMediaTime(index, fragment, producer, segmentMediaStart) is { } media && media >= trustedFrom)
            {
                anchors.Add(producer.WallClock.UtcTicks - media.Ticks);
            }
        }

        if (anchors.Count == 0)
        {
            return null;
        }

        anchors.Sort();
        return new DateTimeOffset(anchors[anchors.Count / 2], TimeSpan.Zero);
    }

    /// <summary>
    /// Where a prft's media time falls in the session: it counts in the box's reference track (ffmpeg's
    /// first track, which is audio when the camera lists audio first) from that track's start in the
    /// file, and the file starts at <paramref name="segmentMediaStart"/>. Null when the fragment does
    /// not carry that track.
    /// </summary>
    private static TimeSpan? SessionMediaTime(Mp4SegmentIndex index, Mp4Fragment fragment, ProducerReference producer, TimeSpan segmentMediaStart)
    {
        var track = producer.TrackId != 0 ? producer.TrackId : fragment.TrackId;
        if (fragment.Track(track) is null || !index.Timescales.TryGetValue(track, out var scale) || scale == 0 || index.FirstDecodeTime(track) is not { } trackStart)
        {
            return null;
        }

        var sinceStart = (long)producer.MediaTime - (long)trackStart;
        return segmentMediaStart + TimeSpan.FromTicks((long)Math.Round(sinceStart * (double)TimeSpan.TicksPerSecond / scale));
    }
}
