using Cvr.Media.Cache;
using Cvr.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>
/// Drains the upload queue, oldest first, with a few uploads in flight. When the store is
/// unreachable every worker waits out one shared, capped backoff, and the outage is logged once
/// when it starts and once when it ends, not once per attempt.
/// </summary>
public sealed partial class UploadWorker(
    UploaderStreams streams,
    UploadQueue queue,
    SegmentUploader uploader,
    IOptions<UploaderOptions> options,
    TimeProvider time,
    ILogger<UploadWorker> logger) : BackgroundService
{
    private readonly Lock _outageLock = new();
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private TimeSpan _delay = TimeSpan.Zero;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var workers = Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => UploadLoopAsync(stoppingToken));
        return Task.WhenAll([RescanLoopAsync(settings.RescanInterval, stoppingToken), .. workers]);
    }

    /// <summary>Queues every segment found in the sealed/ folders of all known streams.</summary>
    public async Task<int> RescanAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var stream in await streams.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var layout = new CacheLayout(stream.CachePath);
            foreach (var path in CacheLayout.SegmentsIn(layout.SealedFolder))
            {
                if (await SegmentManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } segment
                    && queue.Enqueue(new PendingSegment(segment, stream.CachePath)))
                {
                    queued++;
                }
            }
        }

        return queued;
    }

    private async Task RescanLoopAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RescanAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRescanFailed(ex);
            }

            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task UploadLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            PendingSegment pending;
            try
            {
                await WaitOutOutageAsync(stoppingToken).ConfigureAwait(false);
                pending = await queue.TakeOldestAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var succeeded = false;
            try
            {
                var outcome = await uploader.UploadAsync(pending, stoppingToken).ConfigureAwait(false);
                succeeded = true;
                if (outcome == UploadOutcome.Gone)
                {
                    LogGone(pending.Segment.FileName);
                }

                EndOutage();
            }
            catch (AssetStoreUnavailableException ex)
            {
                BeginOrExtendOutage(ex);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Left in sealed/: uploaded after the restart.
            }
            catch (Exception ex)
            {
                LogUploadFailed(ex, pending.Segment.FileName);
                BeginOrExtendOutage(ex);
            }
            finally
            {
                queue.Complete(pending, succeeded);
            }
        }
    }

    private async Task WaitOutOutageAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_outageLock)
        {
            wait = _retryAt - time.GetUtcNow();
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void BeginOrExtendOutage(Exception exception)
    {
        var settings = options.Value;
        lock (_outageLock)
        {
            var first = _delay == TimeSpan.Zero;
            _delay = first ? settings.RetryInitialDelay : TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, settings.RetryMaximumDelay.Ticks));
            _retryAt = time.GetUtcNow() + _delay;
            if (first)
            {
                LogOutageStarted(exception.GetBaseException().Message, queue.Count + 1);
            }
        }
    }

    private void EndOutage()
    {
        lock (_outageLock)
        {
            if (_delay != TimeSpan.Zero)
            {
                LogOutageEnded(queue.Count);
            }

            _delay = TimeSpan.Zero;
            _retryAt = DateTimeOffset.MinValue;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asset store unreachable ({Reason}); {Pending} segment(s) wait in the cache, retrying with backoff")]
    private partial void LogOutageStarted(string reason, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Asset store reachable again; {Pending} segment(s) still to upload")]
    private partial void LogOutageEnded(int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {Segment} left the cache before it could be uploaded")]
    private partial void LogGone(string segment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload of {Segment} failed")]
    private partial void LogUploadFailed(Exception exception, string segment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the sealed folders failed")]
    private partial void LogRescanFailed(Exception exception);
}
