using Cvr.Contracts.Events;
using Cvr.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>
/// Applies each asset's retention period (the asset sink's retentionPeriod, else Uploader:RetentionPeriod):
/// every Uploader:RetentionInterval, the segments whose end is older are deleted from the asset store,
/// oldest first, at most <see cref="BatchSize"/> per asset and pass (<see cref="StoreExpiry"/>). Blob
/// names sort by time, so a pass lists only what is due and one more.
/// </summary>
public sealed partial class RetentionWorker(
    IAssetStore store,
    StoreExpiry expiry,
    UploaderStreams streams,
    IOptions<UploaderOptions> options,
    TimeProvider time,
    ILogger<RetentionWorker> logger) : BackgroundService
{
    public const int BatchSize = 500;

    /// <summary>One pass over every asset; the number of segments deleted.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var periods = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);
        foreach (var stream in await streams.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            periods[stream.AssetName] = stream.RetentionPeriod ?? options.Value.DefaultRetention;
        }

        var deleted = 0;
        await foreach (var asset in store.ListAssetsAsync(cancellationToken).ConfigureAwait(false))
        {
            var period = periods.TryGetValue(asset, out var listed) ? listed
                : await streams.KeptRetentionAsync(asset, cancellationToken).ConfigureAwait(false) ?? options.Value.DefaultRetention;
            if (period is { } keep)
            {
                deleted += await ApplyAsync(asset, keep, cancellationToken).ConfigureAwait(false);
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ApplyAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex); // the store may be unreachable: the next pass catches up
            }

            await Task.Delay(options.Value.RetentionInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<int> ApplyAsync(string asset, TimeSpan keep, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - keep;
        int deleted = 0, foreign = 0;
        DateTimeOffset? upTo = null;
        await foreach (var blob in store.ListAsync(asset, cancellationToken).ConfigureAwait(false))
        {
            if (!SegmentMetadata.TryRead(blob, out var segment))
            {
                foreign++;
                continue;
            }

            if (segment!.End > cutoff || deleted >= BatchSize)
            {
                break;
            }

            await expiry.ExpireAsync(segment, SegmentExpired.Retention, cancellationToken).ConfigureAwait(false);
            upTo = segment.End;
            deleted++;
        }

        if (deleted > 0)
        {
            LogApplied(asset, deleted, keep, upTo!.Value);
        }

        if (foreign > 0)
        {
            LogForeign(asset, foreign);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of {Asset} ({Keep}): deleted {Count} segment(s), up to {UpTo:O}")]
    private partial void LogApplied(string asset, int count, TimeSpan keep, DateTimeOffset upTo);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention of {Asset}: skipped {Count} blob(s) Cvr did not write")]
    private partial void LogForeign(string asset, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed; trying again at the next")]
    private partial void LogPassFailed(Exception exception);
}
