using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Media.Time;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Keeps one recording session's time. Every packet ffmpeg prints (<see cref="SessionOutput"/>), and
/// when its line arrived on the host clock, teaches the <see cref="ArrivalClock"/>. When ffmpeg lists
/// a closed segment in segments.csv, the segment is placed on the <see cref="SessionTimeline"/> and its
/// times are appended to timing.csv, where the segmenter picks them up. A step of the camera's
/// timestamps, or times that drift further off than the slew may correct, complete
/// <see cref="Distrusted"/>: the recorder then starts a new session.
/// </summary>
/// <remarks>
/// ffmpeg's parser hands a frame over when the next one begins, so a packet's line arrives at about
/// the time the camera sent the packet after it: its arrival is taken as the arrival of the media
/// time dts + duration. Arrivals come on the thread that reads ffmpeg's output; stamping runs on
/// another, one segment list at a time.
/// </remarks>
public sealed partial class SessionTimekeeper
{
    /// <summary>Arrivals a first segment waits for, so that its start is learnt from live frames, not ffmpeg's probing burst.</summary>
    private static readonly TimeSpan MinimumEvidence = TimeSpan.FromSeconds(10);

    private readonly RecordingPlan _plan;
    private readonly CacheLayout _layout;
    private readonly string _sessionId;
    private readonly ClockBounds _bounds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ArrivalClock _arrivals;
    private readonly SessionTimeline _timeline;
    private readonly TaskCompletionSource<SessionEndCause> _distrust = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guards what arrivals write (the reader's thread) and stamping reads: the clock and what was seen.
    private readonly Lock _arrivalsLock = new();
    private TimeSpan? _firstMedia;
    private TimeSpan _lastMedia;
    private TimeSpan? _cameraTimeFrom;
    private DateTimeOffset? _cameraAnchor;
    private long _listLength = -1;
    private long _nextSequence;
    private SessionClockStatus _status = SessionClockStatus.Learning;
    private bool _outOfBoundsWarned;
    private bool? _cameraTimeUsed;

    /// <param name="previous">
    /// The status the camera's previous session ended with: kept until this session knows better, so a
    /// camera restarted for its clock still shows why, and is warned about once, not once per session.
    /// </param>
    public SessionTimekeeper(RecordingPlan plan, CacheLayout layout, string sessionId, ClockBounds bounds, TimeProvider time, ILogger logger, SessionClockStatus? previous = null)
    {
        _plan = plan;
        _layout = layout;
        _sessionId = sessionId;
        _bounds = bounds;
        _time = time;
        _logger = logger;
        _arrivals = new ArrivalClock(bounds);
        _timeline = new SessionTimeline(bounds.MaxSlew);
        _status = previous ?? SessionClockStatus.Learning;
        _outOfBoundsWarned = previous is { WithinBounds: false };
    }

    /// <summary>Completes when the session's times can no longer be trusted.</summary>
    public Task<SessionEndCause> Distrusted => _distrust.Task;

    public SessionClockStatus Status => Volatile.Read(ref _status);

    private string StreamId => _plan.Stream.StreamId;

    /// <summary>A video packet, in media time, and when its line arrived.</summary>
    /// <param name="dts">Its decoding time.</param>
    /// <param name="duration">Its duration (zero when ffmpeg did not know).</param>
    /// <param name="cameraTime">Whether ffmpeg stamped it with the camera's time (an RTCP report came).</param>
    public void Observe(TimeSpan dts, TimeSpan duration, bool cameraTime, DateTimeOffset arrivedAt)
    {
        var media = dts + (duration > TimeSpan.Zero ? duration : TimeSpan.Zero);
        ArrivalVerdict verdict;
        TimeSpan step;
        lock (_arrivalsLock)
        {
            if (cameraTime)
            {
                _cameraTimeFrom ??= dts;
            }

            _firstMedia ??= media;
            _lastMedia = media > _lastMedia ? media : _lastMedia;
            verdict = _arrivals.Observe(media, arrivedAt);
            step = _arrivals.LastStep;
        }

        if (verdict != ArrivalVerdict.Consistent)
        {
            Distrust(DisconnectReason.CameraClockStep, string.Create(
                CultureInfo.InvariantCulture,
                $"the camera's timestamps jumped {(step >= TimeSpan.Zero ? "ahead" : "back")} by {step.Duration().TotalMilliseconds:F0} ms against when its frames arrive"));
        }
    }

    /// <summary>
    /// Times what ffmpeg has listed since the last look (at a keyframe: ffmpeg lists a segment when the
    /// keyframe that starts the next arrives). With <paramref name="final"/> (ffmpeg exited, having
    /// listed the segment it was writing), everything listed is timed, however little was learnt.
    /// </summary>
    /// <param name="streamChangedAt">
    /// Where in stream time the camera's stream changed (new parameter sets), if it did: what ffmpeg wrote
    /// from there on is cut off (<see cref="Mp4Cut"/>), as it does not match its segment's init section.
    /// </param>
    public async Task StampListedAsync(bool final, CancellationToken cancellationToken, TimeSpan? streamChangedAt = null)
    {
        var listPath = _layout.SessionSegmentList(_sessionId);
        var length = File.Exists(listPath) ? new FileInfo(listPath).Length : 0;
        if (!final && length == _listLength)
        {
            return;
        }

        _listLength = length;
        foreach (var entry in await SegmentListEntry.ReadAllAsync(listPath, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence < _nextSequence)
            {
                continue;
            }

            if (!final && !EnoughEvidence)
            {
                _listLength = -1; // look again at the next keyframe
                return;
            }

            var kept = streamChangedAt is { } changedAt && entry.End > changedAt
                ? await StreamChangeCut.KeepBeforeAsync(_layout, _sessionId, entry, changedAt, cancellationToken).ConfigureAwait(false)
                : entry;
            if (kept is not null)
            {
                await StampAsync(kept, cancellationToken).ConfigureAwait(false);
            }

            _nextSequence = entry.Sequence + 1;
        }
    }

    private bool EnoughEvidence
    {
        get
        {
            lock (_arrivalsLock)
            {
                return _firstMedia is { } first && _lastMedia - first >= MinimumEvidence;
            }
        }
    }

    private async Task StampAsync(SegmentListEntry entry, CancellationToken cancellationToken)
    {
        var (source, estimatedStart, estimatedEnd, known) = await EstimateAsync(entry, cancellationToken).ConfigureAwait(false);
        var stamped = _timeline.Stamp(entry.Start, entry.End, estimatedStart, estimatedEnd);
        double? drift;
        lock (_arrivalsLock)
        {
            drift = _arrivals.DriftPpm;
        }

        var clock = new SegmentClock(source, known ? Math.Round(stamped.Error.TotalMilliseconds, 1) : null, drift is { } ppm ? Math.Round(ppm, 1) : null);
        await new SegmentTiming(entry.Sequence, entry.Start, entry.End, stamped.Start, stamped.End, clock)
            .AppendToAsync(_layout.SessionTiming(_sessionId), cancellationToken).ConfigureAwait(false);
        Report(clock, stamped.Error);
        if (known && stamped.Error.Duration() > _bounds.MaxError)
        {
            Distrust(DisconnectReason.CameraClockDrift, string.Create(
                CultureInfo.InvariantCulture,
                $"the camera's clock drifts {drift ?? 0:F0} ppm; its times are {stamped.Error.TotalMilliseconds:F0} ms off, beyond the {_bounds.MaxError.TotalMilliseconds:F0} ms allowed"));
        }
    }

    private async Task<(ClockSource Source, DateTimeOffset Start, DateTimeOffset End, bool Known)> EstimateAsync(SegmentListEntry entry, CancellationToken cancellationToken)
    {
        DateTimeOffset? start, end;
        TimeSpan? cameraTimeFrom;
        lock (_arrivalsLock)
        {
            (start, end, cameraTimeFrom) = (_arrivals.Estimate(entry.Start), _arrivals.Estimate(entry.End), _cameraTimeFrom);
        }

        if (start is not { } hostStart || end is not { } hostEnd)
        {
            // No packet line was read (should not happen): the segment just closed, so it ends about now.
            var now = _time.GetUtcNow();
            return (ClockSource.Host, now - (entry.End - entry.Start), now, false);
        }

        if (_plan.Clock.Source == ClockSource.Camera && await CameraAnchorAsync(entry, hostStart, cameraTimeFrom, cancellationToken).ConfigureAwait(false) is { } anchor)
        {
            return (ClockSource.Camera, anchor + entry.Start, anchor + entry.End, true);
        }

        return (ClockSource.Host, hostStart, hostEnd, true);
    }

    private async Task<DateTimeOffset?> CameraAnchorAsync(SegmentListEntry entry, DateTimeOffset hostStart, TimeSpan? cameraTimeFrom, CancellationToken cancellationToken)
    {
        DateTimeOffset? anchor = null;
        if (cameraTimeFrom is { } from)
        {
            var index = await FragmentedMp4Reader.ReadIndexAsync(_layout.SessionSegment(_sessionId, entry.Sequence), cancellationToken).ConfigureAwait(false);
            anchor = CameraClock.Anchor(index, entry.Start, from);
        }

        if (anchor is not { } camera)
        {
            WarnCamera("the camera has sent no RTCP sender report yet");
            return null;
        }

        var apart = camera + entry.Start - hostStart;
        if (apart.Duration() > _plan.Clock.CameraTolerance)
        {
            WarnCamera(string.Create(CultureInfo.InvariantCulture, $"camera time is {apart.TotalSeconds:F3} s from the host's, beyond the {_plan.Clock.CameraTolerance.TotalSeconds:F3} s tolerance"));
            return null;
        }

        if (_cameraAnchor is { } previous && (camera - previous).Duration() > _bounds.StepThreshold)
        {
            Distrust(DisconnectReason.CameraClockStep, string.Create(CultureInfo.InvariantCulture, $"the camera's clock stepped by {(camera - previous).TotalMilliseconds:F0} ms"));
        }

        _cameraAnchor = camera;
        if (_cameraTimeUsed != true)
        {
            _cameraTimeUsed = true;
            LogCameraTimeUsed(StreamId);
        }

        return camera;
    }

    private void Report(SegmentClock clock, TimeSpan error)
    {
        string? warning = null;
        if (clock.DriftPpm is { } drift && Math.Abs(drift) > _bounds.MaxSlewPpm)
        {
            warning = string.Create(CultureInfo.InvariantCulture, $"the camera's clock drifts {drift:F0} ppm, more than the {_bounds.MaxSlewPpm:F0} ppm Cvr corrects; its times drift off and sessions restart");
        }
        else if (clock.ErrorMs is not null && error.Duration() > _bounds.MaxError)
        {
            warning = string.Create(CultureInfo.InvariantCulture, $"recorded times are {error.TotalMilliseconds:F0} ms off the {clock.Source} clock");
        }

        Volatile.Write(ref _status, new SessionClockStatus(clock.Source, clock.DriftPpm, clock.ErrorMs, warning is null, warning));
        if (warning is not null && !_outOfBoundsWarned)
        {
            _outOfBoundsWarned = true;
            LogOutOfBounds(StreamId, warning);
        }
        else if (warning is null && _outOfBoundsWarned)
        {
            _outOfBoundsWarned = false;
            LogBackInBounds(StreamId, clock.DriftPpm ?? 0);
        }
    }

    private void WarnCamera(string why)
    {
        if (_cameraTimeUsed != false)
        {
            _cameraTimeUsed = false;
            LogCameraTimeRefused(StreamId, why);
        }
    }

    private void Distrust(DisconnectReason reason, string detail)
    {
        if (_distrust.TrySetResult(new SessionEndCause(reason, detail)))
        {
            LogDistrusted(StreamId, _sessionId, reason, detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: {Warning}")]
    private partial void LogOutOfBounds(string streamId, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: the camera's clock is back within bounds ({DriftPpm:F0} ppm)")]
    private partial void LogBackInBounds(string streamId, double driftPpm);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: camera time is not used ({Why}); times follow the host's clock")]
    private partial void LogCameraTimeRefused(string streamId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: times follow the camera's clock")]
    private partial void LogCameraTimeUsed(string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: session {SessionId} can no longer be timed ({Reason}): {Detail}; starting a new session")]
    private partial void LogDistrusted(string streamId, string sessionId, DisconnectReason reason, string detail);
}
