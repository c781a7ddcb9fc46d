using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Media.Cache;
using Cvr.Media.Files;
using Cvr.Platform.Messaging;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Keeps one camera recording: runs ffmpeg session after session, and after any exit (ffmpeg exits 0
/// when a camera goes away) starts again after the <see cref="ReconnectDelay"/> the way it ended calls
/// for. Each session writes into its own folder; when it ends the folder is marked closed for the segmenter. Its <see cref="SessionTimekeeper"/>
/// times every segment; a jump of the host's wall clock, or a camera clock that stepped or drifted
/// beyond what may be corrected, ends the session, so that no segment is ever timed across it.
/// </summary>
public sealed partial class CameraRecorder
{
    private static readonly TimeSpan ConnectPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ClockCheck = TimeSpan.FromSeconds(2);

    private readonly RecordingPlan _plan;
    private readonly IngestOptions _options;
    private readonly IEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CacheLayout _layout;
    private readonly CredentialRedactor _redactor;
    private readonly ReconnectDelay _reconnect;
    private readonly MediaSelector _selector;
    private readonly SessionMarkers _markers;
    private readonly RecordingMetrics? _metrics;
    private int _ffmpegStarts;
    private string _lastSessionId = string.Empty;
    private RecorderStatus _status;
    private SessionTimekeeper? _timekeeper;
    private string? _media;

    public CameraRecorder(RecordingPlan plan, IngestOptions options, IEventPublisher publisher, TimeProvider time, ILogger logger, RecordingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(time);
        _plan = plan;
        _options = options;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _layout = new CacheLayout(plan.Stream.CachePath);
        _redactor = new CredentialRedactor(plan.Credentials?.Password);
        _reconnect = new ReconnectDelay(options);
        _selector = new MediaSelector(plan, options, _redactor, time, logger);
        _markers = new SessionMarkers(_layout, logger, plan.Stream.StreamId);
        _metrics = metrics;
        _status = new RecorderStatus(RecorderStatus.Connecting, time.GetUtcNow(), null, null, null, 0, null);
    }

    public string StreamId => _plan.Stream.StreamId;

    public RecorderStatus Status => Volatile.Read(ref _status) with { Clock = Volatile.Read(ref _timekeeper)?.Status, Media = Volatile.Read(ref _media) };

    /// <summary>The reason recorded when the stop comes: a deactivation, or the host shutting down.</summary>
    public DisconnectReason StopReason { get; set; } = DisconnectReason.Stopped;

    /// <summary>Records until <paramref name="stopping"/> is cancelled, then stops ffmpeg gracefully.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            var (connected, reason, detail) = await RunSessionSafelyAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            failures = connected ? 0 : failures + 1;
            var delay = _reconnect.After(reason, connected, failures);
            SetStatus(RecorderStatus.Reconnecting, Status.SessionId, reason, detail, failures, _time.GetUtcNow() + delay);
            LogReconnecting(StreamId, delay, reason);
            _metrics?.Reconnecting(_plan.Stream, reason);
            await Task.Delay(delay, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        SetStatus(RecorderStatus.Stopped, Status.SessionId, Status.LastDisconnectReason, Status.LastDisconnectDetail, failures, null);
    }

    /// <summary>
    /// One session, whatever the disk does: no I/O error ends the recorder. A full disk is reported
    /// (DiskFull) and the next attempt follows the usual backoff, so recording resumes by itself once
    /// space returns.
    /// </summary>
    private async Task<(bool Connected, DisconnectReason Reason, string Detail)> RunSessionSafelyAsync(CancellationToken stopping)
    {
        try
        {
            await _markers.CloseUnclosedAsync().ConfigureAwait(false);
            return await RunSessionAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = DiskFull.Is(ex) ? DisconnectReason.DiskFull : DisconnectReason.IngestFailed;
            LogSessionFailed(ex, StreamId, reason);

            // Whatever the failed session left in its folder is still sealed, once the folder is closed
            // (now, or before the next session if the disk is still full), and its end has a reason.
            if (_lastSessionId.Length > 0 && Directory.Exists(_layout.SessionFolder(_lastSessionId)) && !File.Exists(_layout.SessionClosedMarker(_lastSessionId)))
            {
                await CloseSessionAsync(_lastSessionId, reason, ex.Message).ConfigureAwait(false);
            }

            return (false, reason, ex.Message);
        }
    }

    private async Task<(bool Connected, DisconnectReason Reason, string Detail)> RunSessionAsync(CancellationToken stopping)
    {
        var sessionId = NextSessionId();
        DurableFile.CreateDirectory(_layout.SessionFolder(sessionId));
        SetStatus(RecorderStatus.Connecting, sessionId, Status.LastDisconnectReason, Status.LastDisconnectDetail, Status.ConsecutiveFailures, null);
        var choice = await _selector.ChooseAsync(StopReason, stopping).ConfigureAwait(false);
        if (choice.Media is not { } media)
        {
            await CloseSessionAsync(sessionId, choice.Reason, choice.Detail).ConfigureAwait(false);
            return (false, choice.Reason, choice.Detail);
        }

        Volatile.Write(ref _media, media.ToString());

        var timekeeper = new SessionTimekeeper(_plan, _layout, sessionId, _options.Clock, _time, _logger, Volatile.Read(ref _timekeeper)?.Status);
        Volatile.Write(ref _timekeeper, timekeeper);
        var output = new SessionOutput(timekeeper, new FragmentFlusher(_layout.SessionFolder(sessionId), _time, _logger, StreamId), _time);
        await using var relay = _plan.Tls is null ? null : CameraTlsRelay.Start(_plan, _options.RtspTimeout, _time, _logger);
        FfmpegSession session;
        try
        {
            var arguments = FfmpegArguments.For(_plan, media, _layout, sessionId, _options.SegmentCutDelay);
            var input = CameraInputScript.For(relay?.Plan ?? _plan, _options.RtspTimeout);
            output.Start(CancellationToken.None);
            session = FfmpegSession.Start(_options.FfmpegPath, arguments, input, _redactor, _logger, StreamId, output.OnLine);
            if (_ffmpegStarts++ > 0)
            {
                _metrics?.FfmpegRestarted(_plan.Stream);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogFfmpegMissing(ex, _options.FfmpegPath);
            const string missing = "ffmpeg could not be started";
            await CloseSessionAsync(sessionId, DisconnectReason.IngestFailed, missing).ConfigureAwait(false);
            return (false, DisconnectReason.IngestFailed, missing);
        }

        using (session)
        {
            await File.WriteAllTextAsync(_layout.SessionProcessIdFile(sessionId), session.ProcessId.ToString(CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
            LogSessionStarted(StreamId, sessionId, session.ProcessId, media);
            var (connected, distrust) = await WatchAsync(session, timekeeper, output, sessionId, stopping).ConfigureAwait(false);
            var stoppedByUs = stopping.IsCancellationRequested || distrust is not null;
            var exitCode = stoppedByUs
                ? await session.StopAsync(_options.StopGracePeriod, _time).ConfigureAwait(false)
                : await session.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            var failure = stoppedByUs ? null : relay?.Failure;
            var reason = distrust?.Reason ?? failure?.Reason
                ?? (stoppedByUs ? StopReason : DisconnectClassifier.Classify(session.RecentOutput, connected));
            var detail = distrust?.Detail ?? failure?.Detail ?? DisconnectClassifier.Detail(session.RecentOutput, _plan.RtspUrl, exitCode);
            LogSessionEnded(StreamId, sessionId, exitCode, reason, detail);
            await FinishTimingAsync(output, sessionId).ConfigureAwait(false);
            await CloseSessionAsync(sessionId, reason, detail).ConfigureAwait(false);
            return (connected, reason, detail);
        }
    }

    /// <summary>
    /// Waits for ffmpeg to exit, for the stop, for a wall-clock jump, for the session's time to be
    /// distrusted or for the camera's stream to change; announces the connection once the first segment exists.
    /// </summary>
    private async Task<(bool Connected, SessionEndCause? Distrust)> WatchAsync(FfmpegSession session, SessionTimekeeper timekeeper, SessionOutput output, string sessionId, CancellationToken stopping)
    {
        var firstSegment = _layout.SessionSegment(sessionId, 0);
        while (!session.HasExited && !stopping.IsCancellationRequested && !File.Exists(firstSegment))
        {
            await Task.Delay(ConnectPoll, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!File.Exists(firstSegment))
        {
            return (false, null);
        }

        SetStatus(RecorderStatus.Connected, sessionId, Status.LastDisconnectReason, Status.LastDisconnectDetail, 0, null);
        await PublishAsync(new CameraConnected(StreamId, sessionId, _time.GetUtcNow())).ConfigureAwait(false);
        var clock = new ClockJumpDetector(_time, _options.Clock.StepThreshold);
        var exited = session.WaitForExitAsync(stopping);
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, timekeeper.Distrusted, output.StreamChanged, Task.Delay(ClockCheck, _time, stopping)).ConfigureAwait(false);
            if (exited.IsCompleted)
            {
                break;
            }

            // A step of the host's clock also looks like a step of the camera's: the host's is checked first.
            if (clock.HasJumped)
            {
                LogClockJump(StreamId, clock.Drift);
                return (true, new SessionEndCause(DisconnectReason.ClockJump, string.Create(CultureInfo.InvariantCulture, $"the host's wall clock jumped by {clock.Drift.TotalMilliseconds:F0} ms")));
            }

            if (timekeeper.Distrusted.IsCompleted)
            {
                return (true, await timekeeper.Distrusted.ConfigureAwait(false));
            }

            if (output.StreamChanged.IsCompleted)
            {
                var change = await output.StreamChanged.ConfigureAwait(false);
                LogStreamChanged(StreamId, sessionId, change.Detail);
                return (true, change);
            }
        }

        return (true, null);
    }

    /// <summary>Times what ffmpeg listed last; the session's folder is closed only after.</summary>
    private async Task FinishTimingAsync(SessionOutput output, string sessionId)
    {
        try
        {
            await output.FinishAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The segmenter places untimed segments after the ones before them.
            LogTimingUnfinished(ex, StreamId, sessionId);
        }
    }

    private async Task CloseSessionAsync(string sessionId, DisconnectReason reason, string detail)
    {
        await _markers.MarkClosedAsync(sessionId, reason).ConfigureAwait(false);
        await PublishAsync(new CameraDisconnected(StreamId, sessionId, _time.GetUtcNow(), reason, detail)).ConfigureAwait(false);
    }

    private async Task PublishAsync<TEvent>(TEvent @event)
        where TEvent : IIntegrationEvent
    {
        try
        {
            await _publisher.PublishAsync(@event, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A status event that cannot be published must not stop the recording itself.
            LogPublishFailed(ex, TEvent.Topic, StreamId);
        }
    }

    private void SetStatus(string connection, string? sessionId, DisconnectReason? reason, string? detail, int failures, DateTimeOffset? next)
    {
        var since = Status.Connection == connection ? Status.Since : _time.GetUtcNow();
        Volatile.Write(ref _status, new RecorderStatus(connection, since, sessionId, reason, detail, failures, next));
    }

    private string NextSessionId()
    {
        var now = _time.GetUtcNow();
        var id = SegmentFileName.NewSessionId(now);
        while (string.CompareOrdinal(id, _lastSessionId) <= 0)
        {
            now = now.AddMilliseconds(1);
            id = SegmentFileName.NewSessionId(now);
        }

        _lastSessionId = id;
        return id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: session {SessionId} started (ffmpeg pid {ProcessId}): {Media}")]
    private partial void LogSessionStarted(string streamId, string sessionId, int processId, MediaSelection media);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: session {SessionId}: {Detail}")]
    private partial void LogStreamChanged(string streamId, string sessionId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: session {SessionId} ended (exit {ExitCode}, {Reason}): {Detail}")]
    private partial void LogSessionEnded(string streamId, string sessionId, int exitCode, DisconnectReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: reconnecting in {Delay} ({Reason})")]
    private partial void LogReconnecting(string streamId, TimeSpan delay, DisconnectReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: the host's wall clock jumped by {Drift}; starting a new session")]
    private partial void LogClockJump(string streamId, TimeSpan drift);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {StreamId}: the session could not run ({Reason}); trying again")]
    private partial void LogSessionFailed(Exception exception, string streamId, DisconnectReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: the last segments of session {SessionId} could not be timed")]
    private partial void LogTimingUnfinished(Exception exception, string streamId, string sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg could not be started from '{FfmpegPath}'; install ffmpeg or set Ingest:FfmpegPath")]
    private partial void LogFfmpegMissing(Exception exception, string ffmpegPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Topic} for {StreamId}")]
    private partial void LogPublishFailed(Exception exception, string topic, string streamId);
}
