using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;

namespace Cvr.Uploader;

/// <summary>
/// Keeps every stream's cache under its localMediaCacheMaximumSizeMiB (every few seconds, and whenever a
/// segment is sealed): uploaded segments go first;
/// when only unuploaded ones are left, the oldest are dropped, each with a warning, a metric and a
/// SegmentEvicted event. Never silently.
/// </summary>
public sealed partial class CacheJanitor : BackgroundService
{
    public const string MeterName = "Cvr.Uploader";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RegistryRefresh = TimeSpan.FromSeconds(5);

    private readonly UploaderStreams _streams;
    private readonly UploadQueue _queue;
    private readonly IEventPublisher _publisher;
    private readonly CacheStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger<CacheJanitor> _logger;
    private readonly Counter<long> _evictedSegments;
    private readonly Counter<long> _evictedBytes;
    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public CacheJanitor(
        UploaderStreams streams,
        UploadQueue queue,
        IEventPublisher publisher,
        CacheStatusBoard board,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<CacheJanitor> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _streams = streams;
        _queue = queue;
        _publisher = publisher;
        _board = board;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _evictedSegments = meter.CreateCounter<long>("cvr.cache.evicted_segments", description: "Segments dropped from the cache before upload");
        _evictedBytes = meter.CreateCounter<long>("cvr.cache.evicted_bytes", "By", "Bytes of video dropped from the cache before upload");
    }

    /// <summary>Asks for a pass now: a sealed segment is the cache's biggest step of growth.</summary>
    public void Nudge() => _nudges.Writer.TryWrite(true);

    /// <summary>Brings one stream's cache under its cap.</summary>
    public async Task EnforceAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var layout = new CacheLayout(stream.CachePath);
        var contents = CacheInventory.Read(layout);
        var evict = CacheBudget.ToEvict(contents, stream.CacheMaximumSizeBytes, _queue.InFlight);
        foreach (var segment in evict)
        {
            if (segment.Stage == CacheStage.Uploaded)
            {
                DeleteSegment(layout.Uploaded(segment.Name));
            }
            else
            {
                await DropUnuploadedAsync(stream, layout, segment, cancellationToken).ConfigureAwait(false);
            }
        }

        _board.Update(stream, evict.Count == 0 ? contents : CacheInventory.Read(layout));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var stream in await _streams.ListRecentAsync(RegistryRefresh, _time, stoppingToken).ConfigureAwait(false))
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
            await Task.WhenAny(nudged, Task.Delay(Tick, _time, wait.Token)).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            _nudges.Reader.TryRead(out _);
        }
    }

    private async Task DropUnuploadedAsync(StreamDescriptor stream, CacheLayout layout, CachedSegment segment, CancellationToken cancellationToken)
    {
        if (!_queue.TryBeginEviction(segment.Name))
        {
            return;
        }

        try
        {
            var path = layout.Sealed(segment.Name);
            var descriptor = await SegmentManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(path) || descriptor is null)
            {
                return; // uploaded (and moved) in the meantime
            }

            DeleteSegment(path);
            _evictedSegments.Add(1, new KeyValuePair<string, object?>("stream", stream.StreamId));
            _evictedBytes.Add(segment.SizeBytes, new KeyValuePair<string, object?>("stream", stream.StreamId));
            _board.RecordEvicted(stream.StreamId, segment.SizeBytes);
            LogEvicted(stream.StreamId, segment.Name, descriptor.Start, descriptor.End, stream.CacheMaximumSizeBytes / (1024 * 1024));
            await _publisher.PublishAsync(new SegmentEvicted(descriptor, SegmentEvicted.CacheFull, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queue.EndEviction(segment.Name);
        }
    }

    private static void DeleteSegment(string path)
    {
        // The video first: a manifest without its video is ignored, a video without a manifest is not.
        File.Delete(path);
        File.Delete(CacheLayout.ManifestOf(path));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache of {StreamId} is full ({CapMiB} MiB): dropped {Segment} ({Start:O} to {End:O}) before it could be uploaded")]
    private partial void LogEvicted(string streamId, string segment, DateTimeOffset start, DateTimeOffset end, long capMiB);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cache budget pass failed; trying again")]
    private partial void LogPassFailed(Exception exception);
}
