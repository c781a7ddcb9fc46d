namespace Cvr.Media.Time;

/// <summary>
/// Learns a session's camera clock from when its frames arrive, as Moonfire NVR does: a frame cannot
/// arrive before it was sent, so "arrival − media time" is an upper bound of the offset between the
/// camera's media clock and the host's clock, and the least-delayed frames tell the truth. Per second
/// of media the smallest offset is kept; the estimate is the line that supports those minima from
/// below over the last <see cref="ClockBounds.RateWindow"/>, and its slope is the camera's drift. The
/// window is moving, so the estimate keeps learning for as long as the session runs, in bounded memory.
/// </summary>
/// <remarks>
/// Arrival times are what the caller observed on the host's wall clock. A frame delayed at start
/// (ffmpeg's probing, a camera's burst) only raises its own bound; a frame "early" against the
/// estimate by more than the step threshold, or every frame late by more than it for
/// <see cref="ClockBounds.StepPersistence"/>, means the timestamps jumped.
/// </remarks>
public sealed class ArrivalClock
{
    private static readonly long BucketTicks = TimeSpan.TicksPerSecond;

    private readonly ClockBounds _bounds;
    private readonly Queue<ArrivalPoint> _seconds = new();
    private ArrivalPoint? _current;
    private long _currentSecond;
    private long? _firstMedia;
    private long _lastMedia = long.MinValue;
    private long? _lateSince;
    private OffsetLine? _line;

    public ArrivalClock(ClockBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        _bounds = bounds;
    }

    /// <summary>How far the timestamps jumped at the last step found (positive: forward).</summary>
    public TimeSpan LastStep { get; private set; }

    /// <summary>Whether any frame has been observed.</summary>
    public bool HasArrivals => _current is not null;

    /// <summary>Takes one frame's arrival and judges whether it fits what was learnt so far.</summary>
    public ArrivalVerdict Observe(TimeSpan mediaTime, DateTimeOffset arrivedAt)
    {
        var media = mediaTime.Ticks;
        var point = new ArrivalPoint(media, arrivedAt.UtcTicks - media);
        _firstMedia ??= media;
        var verdict = Judge(point);
        Add(point);
        _lastMedia = Math.Max(_lastMedia, media);
        return verdict;
    }

    /// <summary>The host-clock UTC of a media time by what was learnt so far; null before any arrival.</summary>
    public DateTimeOffset? Estimate(TimeSpan mediaTime) =>
        Line() is { } line ? new DateTimeOffset(mediaTime.Ticks + line.OffsetAt(mediaTime.Ticks), TimeSpan.Zero) : null;

    /// <summary>How fast the camera's media clock runs against the host's, in ppm (positive: fast); null until learnt.</summary>
    public double? DriftPpm => Line() is { RateKnown: true } line ? -line.Slope * 1_000_000 : null;

    private ArrivalVerdict Judge(ArrivalPoint point)
    {
        if (_line is not { } line || point.Media - _firstMedia!.Value < _bounds.Warmup.Ticks)
        {
            return ArrivalVerdict.Consistent;
        }

        // How much later than the estimate the frame arrived: a step of the timestamps shifts it by the step.
        var threshold = _bounds.StepThreshold.Ticks;
        var residual = point.Offset - line.OffsetAt(point.Media);
        if (point.Media < _lastMedia - threshold)
        {
            LastStep = TimeSpan.FromTicks(-residual);
            return ArrivalVerdict.JumpedBack;
        }

        if (residual < -threshold)
        {
            LastStep = TimeSpan.FromTicks(-residual);
            return ArrivalVerdict.JumpedForward;
        }

        if (residual <= threshold)
        {
            _lateSince = null;
            return ArrivalVerdict.Consistent;
        }

        _lateSince ??= point.Media;
        if (point.Media - _lateSince.Value < _bounds.StepPersistence.Ticks)
        {
            return ArrivalVerdict.Consistent;
        }

        LastStep = TimeSpan.FromTicks(-residual);
        return ArrivalVerdict.JumpedBack;
    }

    private void Add(ArrivalPoint point)
    {
        var second = Math.DivRem(point.Media, BucketTicks, out var remainder) - (remainder < 0 ? 1 : 0);
        if (_current is not { } current)
        {
            (_current, _currentSecond) = (point, second);
        }
        else if (second == _currentSecond)
        {
            // Per second, the least delayed frame.
            _current = point.Offset < current.Offset ? point : current;
        }
        else if (second < _currentSecond)
        {
            // Out of order (within the step threshold, or Judge would have said so): it teaches nothing.
            return;
        }
        else
        {
            _seconds.Enqueue(current);
            while (_seconds.Count > 1 && current.Media - _seconds.Peek().Media > _bounds.RateWindow.Ticks)
            {
                _seconds.Dequeue();
            }

            (_current, _currentSecond) = (point, second);
            _line = OffsetLine.Under([.. _seconds], RateEstimable(_seconds.Peek(), current));
        }
    }

    private OffsetLine? Line()
    {
        if (_current is not { } current)
        {
            return null;
        }

        List<ArrivalPoint> points = [.. _seconds, current];
        return OffsetLine.Under(points, RateEstimable(points[0], current));
    }

    private bool RateEstimable(ArrivalPoint oldest, ArrivalPoint newest) => newest.Media - oldest.Media >= _bounds.Warmup.Ticks;
}
