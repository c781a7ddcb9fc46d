namespace Cvr.Media.Mp4;

/// <summary>
/// Anchors a session's stream time to UTC. ffmpeg writes a prft box (wall-clock time) when it flushes
/// a fragment, i.e. when the fragment's last frame has arrived; so every fragment gives an estimate
/// "UTC of stream time 0 = written-at − (segment start + fragment end)". Delays only ever make an
/// estimate later, so the earliest one is the best. From then on times come from the stream's own
/// (monotonic) timestamps, never from the wall clock again.
/// </summary>
public static class SessionClock
{
    /// <summary>The UTC time of stream time zero, or null if the segment carries no prft box.</summary>
    public static DateTimeOffset? EstimateAnchor(Mp4SegmentIndex index, TimeSpan segmentStart)
    {
        ArgumentNullException.ThrowIfNull(index);
        DateTimeOffset? best = null;
        foreach (var fragment in index.Fragments)
        {
            if (fragment.WrittenAt is not { } writtenAt || !index.Timescales.TryGetValue(fragment.TrackId, out var scale) || scale == 0)
            {
                continue;
            }

            var first = index.Fragments[0].BaseMediaDecodeTime;
            var endUnits = fragment.BaseMediaDecodeTime + fragment.Duration - first;
            var fragmentEnd = TimeSpan.FromTicks((long)(endUnits * (double)TimeSpan.TicksPerSecond / scale));
            var candidate = writtenAt - (segmentStart + fragmentEnd);
            if (best is null || candidate < best)
            {
                best = candidate;
            }
        }

        return best;
    }
}
