using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;
using Cvr.Platform.Storage;

namespace Cvr.Uploader;

/// <summary>
/// The one way a segment leaves the asset store: the expiry is announced first (SegmentExpired, so
/// the timeline drops it before it can 404), then the blob is deleted, and the local uploaded copy with
/// it. A crash in between announces it again on the next pass (it is still listed).
/// </summary>
public sealed partial class StoreExpiry(IAssetStore store, IEventPublisher publisher, UploaderStreams streams, UploadMetrics metrics, TimeProvider time, ILogger<StoreExpiry> logger)
{
    /// <param name="reason">SegmentExpired.Retention or DiskFull.</param>
    public async Task ExpireAsync(SegmentDescriptor segment, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        await publisher.PublishAsync(new SegmentExpired(segment, reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync(segment.AssetName, segment.FileName, cancellationToken).ConfigureAwait(false);
        if (await streams.GetAsync(segment.StreamId, cancellationToken).ConfigureAwait(false) is { } stream)
        {
            CacheEviction.DeleteUploadedCopy(new CacheLayout(stream.CachePath), segment.FileName);
        }

        metrics.Expired(segment, reason);
        LogExpired(segment.AssetName, segment.FileName, segment.End, reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Asset}/{Blob} (up to {End:O}) from the asset store: {Reason}")]
    private partial void LogExpired(string asset, string blob, DateTimeOffset end, string reason);
}
