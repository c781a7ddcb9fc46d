namespace Cvr.Media.Mp4;

/// <summary>
/// Anchors a session's stream time to UTC. ffmpeg writes a prft box (its wall clock) when it flushes a
/// fragment, i.e. when the keyframe after the fragment's last frame arrives; so every fragment gives
/// an estimate "UTC of stream time 0 = written-at − (segment start + fragment end)". The first
/// fragments of a session are distorted both ways (ffmpeg's probing delays them, a camera's start-up
/// burst hurries them), so the estimate is the median of the later half of the segment's fragments.
/// From then on times come from the stream's own (monotonic) timestamps, never from the wall clock.
/// </summary>
public static class SessionClock
{
    /// <summary>The UTC time of stream time zero, or null if the segment carries no prft box.</summary>
    public static DateTimeOffset? EstimateAnchor(Mp4SegmentIndex index, TimeSpan segmentStart)
    {
        ArgumentNullException.ThrowIfNull(index);
        var candidates = new List<DateTimeOffset>();
        foreach (var fragment in index.Fragments)
        {
            if (fragment.WrittenAt is not { } writtenAt || !index.Timescales.TryGetValue(fragment.TrackId, out var scale) || scale == 0)
            {
                continue;
            }

            var endUnits = fragment.BaseMediaDecodeTime + fragment.Duration - index.Fragments[0].BaseMediaDecodeTime;
            var fragmentEnd = TimeSpan.FromTicks((long)(endUnits * (double)TimeSpan.TicksPerSecond / scale));
            candidates.Add(writtenAt - (segmentStart + fragmentEnd));
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var later = candidates.Skip(candidates.Count / 2).Order().ToList();
        return later[later.Count / 2];
    }
}
