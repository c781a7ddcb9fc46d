using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;
using Cvr.Platform.Storage;

namespace Cvr.Uploader;

/// <summary>
/// Uploads one sealed segment: one conditional write to the asset store, then the announcement, then
/// the rename into uploaded/. Each step is safe to repeat after a crash: a second upload finds the
/// blob with the same hash, a second announcement is absorbed by idempotent handlers.
/// </summary>
public sealed partial class SegmentUploader(IAssetStore store, IEventPublisher publisher, TimeProvider time, ILogger<SegmentUploader> logger)
{
    public async Task<UploadOutcome> UploadAsync(PendingSegment pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var segment = pending.Segment;
        var layout = new CacheLayout(pending.CachePath);
        var source = layout.Sealed(segment.FileName);
        if (!File.Exists(source))
        {
            return File.Exists(layout.Uploaded(segment.FileName)) ? UploadOutcome.Uploaded : UploadOutcome.Gone;
        }

        var metadata = SegmentMetadata.Of(segment);

        try
        {
            var result = await store.UploadAsync(new AssetUpload(segment.AssetName, segment.FileName, source, segment.Sha256, metadata), cancellationToken).ConfigureAwait(false);
            LogUploaded(segment.AssetName, segment.FileName, result);
        }
        catch (FileNotFoundException)
        {
            return UploadOutcome.Gone; // evicted between the look and the upload
        }
        catch (AssetConflictException ex)
        {
            LogConflict(ex, segment.AssetName, segment.FileName);
            return UploadOutcome.Conflict;
        }

        await publisher.PublishAsync(new SegmentUploaded(segment, segment.FileName, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(layout.UploadedFolder);
        var target = layout.Uploaded(segment.FileName);
        File.Move(CacheLayout.ManifestOf(source), CacheLayout.ManifestOf(target), overwrite: true);
        File.Move(source, target, overwrite: true);
        return UploadOutcome.Uploaded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded {Asset}/{Blob} ({Result})")]
    private partial void LogUploaded(string asset, string blob, AssetUploadResult result);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Asset}/{Blob} exists in the asset store with other content; the cached segment is kept and not uploaded")]
    private partial void LogConflict(Exception exception, string asset, string blob);
}
