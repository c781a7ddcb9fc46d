using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;
using Cvr.Platform.Observability;
using Cvr.Platform.Storage;

namespace Cvr.Uploader;

/// <summary>
/// Uploads one sealed segment: its bytes hashed again (the store must never hold bytes that differ from
/// the manifest), one conditional write to the asset store, then the announcement, then the rename into
/// uploaded/ (the video first: a video left in sealed/ always has its manifest). Each step is safe to
/// repeat after a crash: a second upload finds the blob with the same hash, a second announcement is
/// absorbed by idempotent handlers, and a manifest left behind is moved on by the next rescan.
/// </summary>
public sealed partial class SegmentUploader(IAssetStore store, IEventPublisher publisher, UploadMetrics metrics, TimeProvider time, ILogger<SegmentUploader> logger)
{
    public async Task<UploadOutcome> UploadAsync(PendingSegment pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var segment = pending.Segment;
        using var span = SegmentJourney.StartUpload(segment, pending.TraceParent);
        var layout = new CacheLayout(pending.CachePath);
        var source = layout.Sealed(segment.FileName);
        if (!File.Exists(source))
        {
            return File.Exists(layout.Uploaded(segment.FileName)) ? UploadOutcome.Uploaded : UploadOutcome.Gone;
        }

        try
        {
            var actual = await FileHash.Sha256Async(source, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, segment.Sha256, StringComparison.Ordinal))
            {
                LogCorrupt(segment.AssetName, segment.FileName, segment.Sha256, actual);
                return UploadOutcome.Corrupt;
            }

            var result = await store.UploadAsync(new AssetUpload(segment.AssetName, segment.FileName, source, segment.Sha256, SegmentMetadata.Of(segment)), cancellationToken).ConfigureAwait(false);
            LogUploaded(segment.AssetName, segment.FileName, result);
            metrics.Uploaded(segment);
        }
        catch (FileNotFoundException)
        {
            return UploadOutcome.Gone; // evicted between the look and the upload
        }
        catch (AssetConflictException ex)
        {
            await ResolveConflictAsync(segment, layout, ex, cancellationToken).ConfigureAwait(false);
            return UploadOutcome.Conflict;
        }

        await publisher.PublishAsync(new SegmentUploaded(segment, segment.FileName, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(layout.UploadedFolder);
        var target = layout.Uploaded(segment.FileName);
        File.Move(source, target, overwrite: true);
        File.Move(CacheLayout.ManifestOf(source), CacheLayout.ManifestOf(target), overwrite: true);
        return UploadOutcome.Uploaded;
    }

    /// <summary>
    /// The store already holds a segment of this name with other bytes (a segment sealed again after a
    /// crash, say): names are the segments' identity and blobs are never overwritten, so the stored one
    /// stands. It is announced as the uploaded segment (so that the catalog shows what the store has),
    /// then the differing local copy is deleted, not uploaded again and again.
    /// </summary>
    private async Task ResolveConflictAsync(SegmentDescriptor segment, CacheLayout layout, AssetConflictException conflict, CancellationToken cancellationToken)
    {
        var stored = conflict.ExistingMetadata is { } metadata
            && SegmentMetadata.TryRead(new AssetBlob(segment.AssetName, segment.FileName, segment.SizeBytes, metadata), out var existing)
            ? existing!
            : segment;
        LogConflict(conflict, segment.AssetName, segment.FileName, segment.Sha256, stored.Sha256);
        await publisher.PublishAsync(new SegmentUploaded(stored, segment.FileName, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        CacheEviction.DeleteSegment(layout.Sealed(segment.FileName));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded {Asset}/{Blob} ({Result})")]
    private partial void LogUploaded(string asset, string blob, AssetUploadResult result);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Asset}/{Blob} is already in the asset store with other content (sealed {Local}, stored {Stored}): the stored one stands and the local copy is deleted")]
    private partial void LogConflict(Exception exception, string asset, string blob, string local, string stored);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Asset}/{Blob} no longer matches the hash it was sealed with ({Sealed}, now {Actual}): it is not uploaded")]
    private partial void LogCorrupt(string asset, string blob, string @sealed, string actual);
}
