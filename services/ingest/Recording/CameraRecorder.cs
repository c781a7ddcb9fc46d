using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Keeps one camera recording: runs ffmpeg session after session, and after any exit (ffmpeg exits 0
/// when a camera goes away) starts again after a capped exponential backoff. Each session writes into
/// its own folder; when it ends the folder is marked closed for the segmenter.
/// </summary>
public sealed partial class CameraRecorder
{
    private static readonly TimeSpan ConnectPoll = TimeSpan.FromMilliseconds(250);

    private readonly RecordingPlan _plan;
    private readonly IngestOptions _options;
    private readonly IEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CacheLayout _layout;
    private readonly CredentialRedactor _redactor;
    private string _lastSessionId = string.Empty;

    public CameraRecorder(RecordingPlan plan, IngestOptions options, IEventPublisher publisher, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        _options = options;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _layout = new CacheLayout(plan.Stream.CachePath);
        _redactor = new CredentialRedactor(plan.Credentials?.Password);
    }

    public string StreamId => _plan.Stream.StreamId;

    /// <summary>Records until <paramref name="stopping"/> is cancelled, then stops ffmpeg gracefully.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var delay = _options.ReconnectInitialDelay;
        while (!stopping.IsCancellationRequested)
        {
            var connected = await RunSessionAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            delay = connected ? _options.ReconnectInitialDelay : Next(delay);
            LogReconnecting(StreamId, delay);
            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<bool> RunSessionAsync(CancellationToken stopping)
    {
        var sessionId = NextSessionId();
        Directory.CreateDirectory(_layout.SessionFolder(sessionId));
        var arguments = FfmpegArguments.For(_plan, _layout, sessionId, _options.RtspTimeout);
        FfmpegSession session;
        try
        {
            session = FfmpegSession.Start(_options.FfmpegPath, arguments, _redactor, _logger, StreamId);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogFfmpegMissing(ex, _options.FfmpegPath);
            await CloseSessionAsync(sessionId, DisconnectReason.IngestFailed, "ffmpeg could not be started").ConfigureAwait(false);
            return false;
        }

        using (session)
        {
            await File.WriteAllTextAsync(_layout.SessionProcessIdFile(sessionId), session.ProcessId.ToString(CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
            LogSessionStarted(StreamId, sessionId, session.ProcessId);
            var connected = await WatchAsync(session, sessionId, stopping).ConfigureAwait(false);
            var stoppedByUs = stopping.IsCancellationRequested;
            var exitCode = stoppedByUs
                ? await session.StopAsync(_options.StopGracePeriod, _time).ConfigureAwait(false)
                : await session.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            var reason = stoppedByUs ? DisconnectReason.Stopped : DisconnectClassifier.Classify(session.RecentOutput, connected);
            var detail = session.RecentOutput.LastOrDefault() ?? $"ffmpeg exited with code {exitCode}";
            LogSessionEnded(StreamId, sessionId, exitCode, reason, detail);
            await CloseSessionAsync(sessionId, reason, detail).ConfigureAwait(false);
            return connected;
        }
    }

    /// <summary>Waits for ffmpeg to exit (or for the stop), announcing the connection once the first segment exists.</summary>
    private async Task<bool> WatchAsync(FfmpegSession session, string sessionId, CancellationToken stopping)
    {
        var connected = false;
        var firstSegment = _layout.SessionSegment(sessionId, 0);
        while (!session.HasExited && !stopping.IsCancellationRequested)
        {
            if (!connected && File.Exists(firstSegment))
            {
                connected = true;
                await PublishAsync(new CameraConnected(StreamId, sessionId, _time.GetUtcNow())).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(ConnectPoll, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return connected || File.Exists(firstSegment);
    }

    private async Task CloseSessionAsync(string sessionId, DisconnectReason reason, string detail)
    {
        // The marker tells the segmenter that nothing more will be written here.
        await File.WriteAllTextAsync(_layout.SessionClosedMarker(sessionId), reason.ToString(), CancellationToken.None).ConfigureAwait(false);
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

    private TimeSpan Next(TimeSpan delay)
    {
        var doubled = delay * 2;
        return doubled > _options.ReconnectMaximumDelay ? _options.ReconnectMaximumDelay : doubled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: session {SessionId} started (ffmpeg pid {ProcessId})")]
    private partial void LogSessionStarted(string streamId, string sessionId, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: session {SessionId} ended (exit {ExitCode}, {Reason}): {Detail}")]
    private partial void LogSessionEnded(string streamId, string sessionId, int exitCode, DisconnectReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {StreamId}: reconnecting in {Delay}")]
    private partial void LogReconnecting(string streamId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg could not be started from '{FfmpegPath}'; install ffmpeg or set Ingest:FfmpegPath")]
    private partial void LogFfmpegMissing(Exception exception, string ffmpegPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Topic} for {StreamId}")]
    private partial void LogPublishFailed(Exception exception, string topic, string streamId);
}
