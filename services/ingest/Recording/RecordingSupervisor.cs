using System.Collections.Concurrent;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;
using Cvr.Platform.Resilience;
using Microsoft.Extensions.Options;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Runs one <see cref="CameraRecorder"/> per active graph instance. At start-up it resumes every
/// instance that was active, after settling what a previous process left behind.
/// </summary>
public sealed partial class RecordingSupervisor : IHostedService, IAsyncDisposable
{
    private static readonly RetryBackoff ResumeBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly GraphRepository _graphs;
    private readonly GraphPlanner _planner;
    private readonly IEventPublisher _publisher;
    private readonly IngestOptions _options;
    private readonly RecordingMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<RecordingSupervisor> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _resume = Task.CompletedTask;
    private int _disposed;

    public RecordingSupervisor(
        GraphRepository graphs,
        GraphPlanner planner,
        IEventPublisher publisher,
        IOptions<IngestOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        RecordingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _graphs = graphs;
        _planner = planner;
        _publisher = publisher;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RecordingSupervisor>();
    }

    public IReadOnlyCollection<string> ActiveStreams => [.. _running.Keys];

    /// <summary>The recorder's status, or null when the stream is not being recorded.</summary>
    public RecorderStatus? StatusOf(string streamId) =>
        _running.TryGetValue(streamId, out var running) ? running.Recorder.Status with { RecordingRatio = _metrics?.RatioOf(streamId) } : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // In the background and retried: under Dapr the sidecar (and its state store) may come up after us.
        _resume = Task.Run(() => ResumeAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await ResumeActiveInstancesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var delay = ResumeBackoff.DelayFor(attempt);
                LogResumeRetry(ex, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ResumeActiveInstancesAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (instance.State == GraphInstanceState.Deactivating)
            {
                // Stopped mid-deactivation: finish it. What is left in the cache still uploads.
                try
                {
                    await SettleAsync(await _planner.PlanAsync(instance, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is GraphValidationException or IOException or UnauthorizedAccessException)
                {
                    LogResumeFailed(ex, instance.Name);
                }

                await _publisher.PublishAsync(new GraphInstanceDeactivated(instance.Name, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                await _graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Inactive }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (instance.State is GraphInstanceState.Active or GraphInstanceState.Activating)
            {
                try
                {
                    var plan = await _planner.PlanAsync(instance, cancellationToken).ConfigureAwait(false);
                    await StartRecorderAsync(plan, cancellationToken).ConfigureAwait(false);
                    if (instance.State == GraphInstanceState.Activating)
                    {
                        await _graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Active }, cancellationToken).ConfigureAwait(false);
                    }

                    LogResumed(instance.Name);
                }
                catch (Exception ex) when (ex is GraphValidationException or IOException or UnauthorizedAccessException)
                {
                    // One instance that cannot start (say, its cache mount is missing) does not hold up the others.
                    LogResumeFailed(ex, instance.Name);
                }
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _resume.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The host is going down: the sessions end as an ingest restart, not as a deactivation.
        await Task.WhenAll(_running.Keys.Select(name => StopRecorderAsync(name, DisconnectReason.IngestRestarted))).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts recording the plan's stream (idempotent: an already running stream is left alone).</summary>
    public async Task StartRecorderAsync(RecordingPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running.ContainsKey(plan.Stream.StreamId))
            {
                return;
            }

            await SettleAsync(plan, cancellationToken).ConfigureAwait(false);
            await _publisher.PublishAsync(new GraphInstanceActivated(plan.Stream, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            var recorder = new CameraRecorder(plan, _options, _publisher, _time, _loggers.CreateLogger<CameraRecorder>(), _metrics);
            _metrics?.Track(plan.Stream, () => recorder.Status);
            var stop = new CancellationTokenSource();
            var task = Task.Run(() => recorder.RunAsync(stop.Token), CancellationToken.None);
            _running[plan.Stream.StreamId] = new Running(recorder, stop, task);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the sessions a previous process left open in the stream's cache, each as an ingest restart.</summary>
    private async Task SettleAsync(RecordingPlan plan, CancellationToken cancellationToken)
    {
        var layout = new CacheLayout(plan.Stream.CachePath);
        Directory.CreateDirectory(layout.IngestRoot);
        foreach (var sessionId in await OrphanReaper.SettleAsync(layout, cancellationToken).ConfigureAwait(false))
        {
            LogSettled(plan.Stream.StreamId, sessionId);
            await _publisher.PublishAsync(
                new CameraDisconnected(plan.Stream.StreamId, sessionId, _time.GetUtcNow(), DisconnectReason.IngestRestarted, "the ingest stopped without closing this session"),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the stream's recorder and waits until ffmpeg closed its last segment.</summary>
    public async Task StopRecorderAsync(string streamId, DisconnectReason reason = DisconnectReason.Stopped)
    {
        if (_running.TryRemove(streamId, out var running))
        {
            running.Recorder.StopReason = reason;
            _metrics?.Forget(streamId);
            await running.Stop.CancelAsync().ConfigureAwait(false);
            await running.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            running.Stop.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as a hosted service, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _gate.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed recording of active graph instance {Instance}")]
    private partial void LogResumed(string instance);

    [LoggerMessage(Level = LogLevel.Error, Message = "Active graph instance {Instance} cannot be resumed")]
    private partial void LogResumeFailed(Exception exception, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Active graph instances could not be read yet; trying again in {Delay}")]
    private partial void LogResumeRetry(Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: session {SessionId} was left open by a previous process; settled")]
    private partial void LogSettled(string streamId, string sessionId);

    private sealed record Running(CameraRecorder Recorder, CancellationTokenSource Stop, Task Task);
}
