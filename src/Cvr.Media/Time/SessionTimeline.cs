namespace Cvr.Media.Time;

/// <summary>
/// Places a session's consecutive segments on the UTC timeline (Moonfire NVR's rule): the first starts
/// where the clock estimate says; every later one starts exactly where the one before ended, so they
/// abut and never overlap, and lasts its media duration corrected by at most
/// <see cref="ClockBounds.MaxSlew"/> toward the estimate of its end. The media timeline is kept (frames
/// are never re-timed against each other) while the error against the clock stays bounded for as long
/// as the camera's drift is within the slew.
/// </summary>
public sealed class SessionTimeline(double maxSlew)
{
    private DateTimeOffset? _end;
    private TimeSpan _mediaEnd;

    /// <summary>Stamps the next segment, [<paramref name="mediaStart"/>, <paramref name="mediaEnd"/>) in media time.</summary>
    /// <param name="estimatedStart">The clock's estimate of the UTC of <paramref name="mediaStart"/>.</param>
    /// <param name="estimatedEnd">The clock's estimate of the UTC of <paramref name="mediaEnd"/>.</param>
    public StampedSegment Stamp(TimeSpan mediaStart, TimeSpan mediaEnd, DateTimeOffset estimatedStart, DateTimeOffset estimatedEnd)
    {
        if (mediaEnd < mediaStart)
        {
            throw new ArgumentOutOfRangeException(nameof(mediaEnd), mediaEnd, "A segment cannot end before it starts.");
        }

        // A hole inside the session (ffmpeg never lists one) keeps its media length.
        var start = _end is { } previousEnd ? previousEnd + (mediaStart - _mediaEnd) : WholeMilliseconds(estimatedStart);
        var duration = mediaEnd - mediaStart;
        var natural = start + duration;
        var limit = duration * maxSlew;
        var correction = Clamp(estimatedEnd - natural, -limit, limit);

        // Whole milliseconds: times travel as milliseconds, and the next start must equal this end exactly.
        var end = WholeMilliseconds(natural + correction);
        if (end < start)
        {
            end = start;
        }

        (_end, _mediaEnd) = (end, mediaEnd);
        return new StampedSegment(start, end, end - estimatedEnd);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond) + (time.UtcTicks % TimeSpan.TicksPerMillisecond >= TimeSpan.TicksPerMillisecond / 2 ? TimeSpan.TicksPerMillisecond : 0), TimeSpan.Zero);
}
