using Cvr.Catalog.Clips;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Media.Files;
using Microsoft.Extensions.Options;

namespace Cvr.Catalog.Exports;

/// <summary>
/// Makes the queued export jobs' clips (<see cref="ExportOptions.Concurrency"/> at a time, oldest first)
/// and deletes finished ones when they expire.
/// </summary>
public sealed partial class ExportWorker(
    ExportJobs jobs, CatalogDatabase catalog, SegmentMediaSource media, ClipMaker maker, IOptions<ExportOptions> options, TimeProvider time, ILogger<ExportWorker> logger)
    : BackgroundService
{
    /// <summary>How often finished jobs are looked at when none is due sooner.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await jobs.LoadAsync(stoppingToken).ConfigureAwait(false);
        var makers = Enumerable.Range(0, options.Value.Concurrency).Select(_ => MakeClipsAsync(stoppingToken));
        await Task.WhenAll([.. makers, SweepAsync(stoppingToken)]).ConfigureAwait(false);
    }

    private async Task MakeClipsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in jobs.Queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await MakeAsync(id, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Not even its failure could be written (a full disk): the worker goes on with the next
                    // job, because a background service that throws stops the host, recording included.
                    LogUnfinished(id, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a job cut short stays running on disk and is made again at the next start.
        }
    }

    private async Task MakeAsync(string id, CancellationToken stoppingToken)
    {
        using var stop = await jobs.StartAsync(id, stoppingToken).ConfigureAwait(false);
        if (stop is null || jobs.Find(id) is not { } job)
        {
            return;
        }

        var part = jobs.PartPath(id);
        try
        {
            var segments = await catalog.SegmentsAsync(job.Asset, job.Start, job.End, includeEvicted: false, stop.Token).ConfigureAwait(false);
            var (plan, refusal) = ClipPlan.Of([.. segments.Select(s => s.Segment)], job.Request);
            if (refusal is not null)
            {
                await jobs.FailAsync(id, refusal.Detail, stoppingToken).ConfigureAwait(false);
                return;
            }

            if (ExportSpace.Refusal(plan!, Volume.Of(jobs.Folder), options.Value.MinimumFreeSpaceMiB) is { } full)
            {
                await jobs.FailAsync(id, full, stoppingToken).ConfigureAwait(false);
                return;
            }

            LogStarted(id, job.Asset, job.Start, job.End);
            await maker.MakeIntoAsync(job.Asset, plan!, media.OpenAsync, part, p => jobs.Report(id, p), stop.Token).ConfigureAwait(false);
            DurableFile.Flush(part);
            DurableFile.Move(part, jobs.ClipPath(id), overwrite: true);
            if (!await jobs.CompleteAsync(id, new FileInfo(jobs.ClipPath(id)).Length, stoppingToken).ConfigureAwait(false))
            {
                File.Delete(jobs.ClipPath(id)); // deleted while it was being finished
                return;
            }

            LogCompleted(id, job.Asset);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            File.Delete(part); // the job was deleted
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Media expired or dropped since the job was asked for, runs that cannot be joined, ffmpeg's
            // refusal, a full disk, the asset store unreachable or timing out: the job says why, and
            // nothing recorded is touched.
            File.Delete(part);
            LogFailed(id, job.Asset, ex.Message);
            await jobs.FailAsync(id, ex.Message, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            jobs.Ended(id);
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? next = null;
                try
                {
                    next = await jobs.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogSweepFailed(ex.Message); // tried again at the next sweep
                }

                var wait = next is { } due ? due - time.GetUtcNow() : SweepInterval;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > SweepInterval ? SweepInterval : wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Id}: making the clip of {Asset} from {Start:o} to {End:o}")]
    private partial void LogStarted(string id, string asset, DateTimeOffset start, DateTimeOffset end);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Id} of {Asset} is ready")]
    private partial void LogCompleted(string id, string asset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {Id} could not be finished: {Reason}")]
    private partial void LogUnfinished(string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired exports could not be deleted now: {Reason}")]
    private partial void LogSweepFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {Id} of {Asset} failed: {Reason}")]
    private partial void LogFailed(string id, string asset, string reason);
}
