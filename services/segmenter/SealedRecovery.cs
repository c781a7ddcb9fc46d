using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;

namespace Cvr.Segmenter;

/// <summary>
/// At start-up, finishes what a crash interrupted between "manifest written" and "announced": a
/// manifest whose file is still in its session folder is completed by the rename, and every sealed
/// segment is announced again (handlers are idempotent; a lost announcement would be worse).
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
                if (!File.Exists(source))
                {
                    File.Delete(manifest);
                    continue;
                }

                File.Move(source, segmentPath);
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
