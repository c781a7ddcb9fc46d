using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;

namespace Cvr.Uploader;

/// <summary>
/// The one way a segment leaves the cache before it was uploaded: the drop is announced first
/// (SegmentEvicted, durable on the bus), then the file is deleted, so a crash in between repeats the
/// (idempotent) announcement instead of losing the gap. Every drop is also a warning and a metric.
/// </summary>
public sealed partial class CacheEviction
{
    private readonly UploadQueue _queue;
    private readonly IEventPublisher _publisher;
    private readonly CacheStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger<CacheEviction> _logger;
    private readonly UploadMetrics _metrics;

    public CacheEviction(UploadQueue queue, IEventPublisher publisher, CacheStatusBoard board, UploadMetrics metrics, TimeProvider time, ILogger<CacheEviction> logger)
    {
        _metrics = metrics;
        _queue = queue;
        _publisher = publisher;
        _board = board;
        _time = time;
        _logger = logger;
    }

    /// <summary>Drops a sealed segment that is not being uploaded; false if it was not there (or is being uploaded).</summary>
    /// <param name="reason">SegmentEvicted.CacheFull, DiskFull or Corrupt.</param>
    public async Task<bool> DropAsync(string streamId, CacheLayout layout, string name, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!_queue.TryBeginEviction(name))
        {
            return false;
        }

        try
        {
            var path = layout.Sealed(name);
            var descriptor = await SegmentManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(path) || descriptor is null)
            {
                return false; // uploaded (and moved) in the meantime
            }

            var size = new FileInfo(path).Length;
            await _publisher.PublishAsync(new SegmentEvicted(descriptor, reason, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            DeleteSegment(path);
            _metrics.Evicted(descriptor, size, reason);
            _board.RecordEvicted(streamId, size);
            LogDropped(streamId, name, descriptor.Start, descriptor.End, reason);
            return true;
        }
        finally
        {
            _queue.EndEviction(name);
        }
    }

    /// <summary>Deletes the local copy of an uploaded segment: the store has it (a folder store on the same disk, as a second link to the same bytes).</summary>
    public static void DeleteUploadedCopy(CacheLayout layout, string name)
    {
        ArgumentNullException.ThrowIfNull(layout);
        DeleteSegment(layout.Uploaded(name));
    }

    /// <summary>The video first: a manifest without its video is ignored, a video without a manifest is not.</summary>
    public static void DeleteSegment(string path)
    {
        File.Delete(path);
        File.Delete(CacheLayout.ManifestOf(path));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Segment} of {StreamId} ({Start:O} to {End:O}) before it could be uploaded: {Reason}")]
    private partial void LogDropped(string streamId, string segment, DateTimeOffset start, DateTimeOffset end, string reason);
}
