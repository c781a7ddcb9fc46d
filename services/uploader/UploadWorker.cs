using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Resilience;
using Cvr.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>
/// Drains the upload queue, oldest first, with a few uploads in flight. When the store is unreachable
/// the <see cref="OutageGate"/> closes: uploads stop, a cheap probe runs on a capped backoff, and the
/// outage is logged once when it starts and once when it ends, never once per attempt.
/// </summary>
public sealed partial class UploadWorker(
    UploaderStreams streams,
    UploadQueue queue,
    SegmentUploader uploader,
    CacheEviction eviction,
    OutageGate gate,
    IAssetStore store,
    IOptions<UploaderOptions> options,
    TimeProvider time,
    ILogger<UploadWorker> logger) : BackgroundService
{
    private bool _probeFailureLogged; // only the probe loop reads and writes it

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var workers = Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => UploadLoopAsync(stoppingToken));
        return Task.WhenAll([RescanLoopAsync(settings.RescanInterval, stoppingToken), ProbeLoopAsync(stoppingToken), .. workers]);
    }

    /// <summary>
    /// Queues every segment found in the sealed/ folders of all known streams, and finishes a move into
    /// uploaded/ that a crash cut between the video and its manifest.
    /// </summary>
    public async Task<int> RescanAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var stream in await streams.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var layout = new CacheLayout(stream.CachePath);
            FinishMovesToUploaded(layout);
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

    private static void FinishMovesToUploaded(CacheLayout layout)
    {
        if (!Directory.Exists(layout.SealedFolder))
        {
            return;
        }

        foreach (var manifest in Directory.EnumerateFiles(layout.SealedFolder, "*" + CacheLayout.ManifestExtension))
        {
            var name = Path.GetFileName(Path.ChangeExtension(manifest, SegmentFileName.Extension));
            if (!File.Exists(layout.Sealed(name)) && File.Exists(layout.Uploaded(name)))
            {
                File.Move(manifest, CacheLayout.ManifestOf(layout.Uploaded(name)), overwrite: true);
            }
        }
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
                await gate.WaitOpenAsync(stoppingToken).ConfigureAwait(false);
                pending = await queue.TakeOldestAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            UploadOutcome? outcome = null;
            try
            {
                if (gate.IsOpen)
                {
                    outcome = await UploadAsync(pending, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Left in sealed/: uploaded after the restart.
            }
            finally
            {
                queue.Complete(pending, outcome is not null);
            }

            if (outcome == UploadOutcome.Corrupt)
            {
                await DropCorruptAsync(pending, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>No longer in flight: the damaged segment is dropped the one way segments are dropped.</summary>
    private async Task DropCorruptAsync(PendingSegment pending, CancellationToken stoppingToken)
    {
        try
        {
            await eviction.DropAsync(pending.Segment.StreamId, new CacheLayout(pending.CachePath), pending.Segment.FileName, SegmentEvicted.Corrupt, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUploadFailed(ex, pending.Segment.FileName); // the next rescan finds it again
        }
    }

    /// <summary>The outcome, or null when the attempt failed and the segment goes back into the queue.</summary>
    private async Task<UploadOutcome?> UploadAsync(PendingSegment pending, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await uploader.UploadAsync(pending, stoppingToken).ConfigureAwait(false);
            if (outcome == UploadOutcome.Gone)
            {
                LogGone(pending.Segment.FileName);
            }

            return outcome;
        }
        catch (AssetStoreUnavailableException ex)
        {
            if (gate.Close(time.GetUtcNow()))
            {
                LogOutageStarted(ex.GetBaseException().Message, queue.Count + 1);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUploadFailed(ex, pending.Segment.FileName);
            gate.Close(time.GetUtcNow());
        }

        return null;
    }

    /// <summary>While the gate is closed: probe on a capped backoff, and open it when the store answers.</summary>
    private async Task ProbeLoopAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new RetryBackoff(settings.RetryInitialDelay, settings.RetryMaximumDelay);
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (gate.IsOpen)
            {
                attempt = 0;
                _probeFailureLogged = false;
                await gate.WaitClosedAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            await Task.Delay(backoff.DelayFor(++attempt), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (await ProbeAsync(stoppingToken).ConfigureAwait(false) && gate.Open(time.GetUtcNow()) is { } lasted)
            {
                LogOutageEnded(lasted, queue.Count);
            }
        }
    }

    /// <summary>Whether the store answers; a probe that throws counts as unreachable, logged once per outage.</summary>
    private async Task<bool> ProbeAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await store.ProbeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_probeFailureLogged)
            {
                _probeFailureLogged = true;
                LogProbeFailed(ex);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asset store unreachable ({Reason}); {Pending} segment(s) wait in the cache; uploads resume when a probe gets through")]
    private partial void LogOutageStarted(string reason, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Asset store reachable again after {Outage}; {Pending} segment(s) to upload, oldest first")]
    private partial void LogOutageEnded(TimeSpan outage, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Probing the asset store failed; treated as unreachable (logged once per outage)")]
    private partial void LogProbeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {Segment} left the cache before it could be uploaded")]
    private partial void LogGone(string segment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload of {Segment} failed")]
    private partial void LogUploadFailed(Exception exception, string segment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the sealed folders failed")]
    private partial void LogRescanFailed(Exception exception);
}
