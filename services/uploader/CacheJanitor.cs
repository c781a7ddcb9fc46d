using System.Threading.Channels;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>
/// Keeps every stream's cache under its localMediaCacheMaximumSizeMiB (every few seconds, and whenever a
/// segment is sealed): uploaded segments go first; when only unuploaded ones are left, the oldest are
/// dropped (<see cref="CacheEviction"/>: announced, then deleted, never silently). Uploaded copies older
/// than Uploader:LocalRetentionPeriod go too.
/// </summary>
public sealed partial class CacheJanitor(
    UploaderStreams streams,
    UploadQueue queue,
    CacheEviction eviction,
    CacheStatusBoard board,
    IOptions<UploaderOptions> options,
    TimeProvider time,
    ILogger<CacheJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RegistryRefresh = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a pass now: a sealed segment is the cache's biggest step of growth.</summary>
    public void Nudge() => _nudges.Writer.TryWrite(true);

    /// <summary>Brings one stream's cache under its cap.</summary>
    public async Task EnforceAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var layout = new CacheLayout(stream.CachePath);
        var expired = ExpireUploadedCopies(layout);
        var contents = CacheInventory.Read(layout);
        var evict = CacheBudget.ToEvict(contents, stream.CacheMaximumSizeBytes, queue.InFlight);
        foreach (var segment in evict)
        {
            if (segment.Stage == CacheStage.Uploaded)
            {
                CacheEviction.DeleteUploadedCopy(layout, segment.Name);
            }
            else
            {
                await eviction.DropAsync(stream.StreamId, layout, segment.Name, SegmentEvicted.CacheFull, cancellationToken).ConfigureAwait(false);
            }
        }

        board.Update(stream, evict.Count == 0 && expired == 0 ? contents : CacheInventory.Read(layout), time.GetUtcNow());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var stream in await streams.ListRecentAsync(RegistryRefresh, time, stoppingToken).ConfigureAwait(false))
                {
                    await EnforceAsync(stream, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex);
            }

            // Every few seconds (a listing of each cache is not free), or at once when nudged.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var nudged = _nudges.Reader.WaitToReadAsync(wait.Token).AsTask();
            await Task.WhenAny(nudged, Task.Delay(Tick, time, wait.Token)).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            _nudges.Reader.TryRead(out _);
        }
    }

    /// <summary>Uploaded copies older than the local retention (by the start their names carry).</summary>
    private int ExpireUploadedCopies(CacheLayout layout)
    {
        if (options.Value.LocalRetention is not { } keep)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - keep;
        var expired = 0;
        foreach (var path in CacheLayout.SegmentsIn(layout.UploadedFolder))
        {
            if (!SegmentFileName.TryParse(Path.GetFileName(path), out var start, out _, out _) || start >= cutoff)
            {
                break; // names sort by start: the rest are younger
            }

            CacheEviction.DeleteUploadedCopy(layout, Path.GetFileName(path));
            expired++;
        }

        return expired;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cache budget pass failed; trying again")]
    private partial void LogPassFailed(Exception exception);
}
