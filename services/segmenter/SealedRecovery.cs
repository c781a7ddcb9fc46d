using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Files;
using Cvr.Platform.Messaging;

namespace Cvr.Segmenter;

/// <summary>
/// At start-up, finishes what a crash interrupted between "manifest written" and "announced": a
/// manifest whose file is still in its session folder is completed by the rename, and every sealed
/// segment is announced again (handlers are idempotent; a lost announcement would be worse). A manifest
/// whose video already went on to uploaded/ is left to the uploader, which finishes that move; a
/// half-written manifest (its temporary file) is removed.
/// </summary>
public sealed partial class SealedRecovery(IEventPublisher publisher, TimeProvider time, ILogger<SealedRecovery> logger)
{
    public async Task<int> RecoverAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var layout = new CacheLayout(stream.CachePath);
        if (!Directory.Exists(layout.SealedFolder))
        {
            return 0;
        }

        foreach (var temporary in Directory.EnumerateFiles(layout.SealedFolder, "*" + CacheLayout.ManifestExtension + ".tmp"))
        {
            File.Delete(temporary);
        }

        var announced = 0;
        foreach (var manifest in Directory.EnumerateFiles(layout.SealedFolder, "*" + CacheLayout.ManifestExtension).Order(StringComparer.Ordinal))
        {
            var segmentPath = Path.ChangeExtension(manifest, SegmentFileName.Extension);
            var descriptor = await SegmentManifest.ReadAsync(segmentPath, cancellationToken).ConfigureAwait(false);
            if (descriptor is null)
            {
                continue;
            }

            if (!File.Exists(segmentPath))
            {
                var source = layout.SessionSegment(descriptor.SessionId, descriptor.Sequence);
                if (File.Exists(layout.Uploaded(descriptor.FileName)))
                {
                    continue;
                }

                if (!File.Exists(source))
                {
                    File.Delete(manifest);
                    continue;
                }

                DurableFile.Flush(source);
                DurableFile.Move(source, segmentPath, overwrite: false);
            }

            await publisher.PublishAsync(new SegmentSealed(descriptor, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            announced++;
        }

        if (announced > 0)
        {
            LogRecovered(stream.StreamId, announced);
        }

        return announced;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: announced {Count} sealed segment(s) again after start-up")]
    private partial void LogRecovered(string streamId, int count);
}
