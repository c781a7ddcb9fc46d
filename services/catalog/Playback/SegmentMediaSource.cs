using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Storage;

namespace Cvr.Catalog.Playback;

/// <summary>
/// Opens a segment's bytes wherever they are: the local cache first (sealed, or uploaded and still
/// kept), else the asset store.
/// </summary>
public sealed class SegmentMediaSource(CatalogDatabase catalog, IAssetStore store)
{
    /// <summary>A seekable stream of the segment, or null when it is nowhere.</summary>
    public async Task<Stream?> OpenAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (await catalog.CachePathAsync(segment.StreamId, cancellationToken).ConfigureAwait(false) is { } cachePath)
        {
            var layout = new CacheLayout(cachePath);

            // Twice: the uploader may move the file from sealed/ to uploaded/ between the look and the open.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (layout.Find(segment.FileName) is not { } path)
                {
                    break;
                }

                try
                {
                    return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
                }
                catch (FileNotFoundException)
                {
                }
            }
        }

        return await store.OpenReadAsync(segment.AssetName, segment.FileName, cancellationToken).ConfigureAwait(false);
    }
}
