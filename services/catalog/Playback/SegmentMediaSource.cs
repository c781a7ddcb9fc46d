using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Storage;

namespace Cvr.Catalog.Playback;

/// <summary>
/// Opens a segment's bytes wherever they are: the stream's cache first (sealed, or uploaded and still
/// kept), read through <see cref="CacheReader"/> as the cache's contract allows the catalog, else the
/// asset store.
/// </summary>
public sealed class SegmentMediaSource(CatalogDatabase catalog, IAssetStore store)
{
    /// <summary>A seekable stream of the segment, or null when it is nowhere.</summary>
    public async Task<Stream?> OpenAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (await catalog.CachePathAsync(segment.StreamId, cancellationToken).ConfigureAwait(false) is { } cachePath
            && new CacheReader(cachePath).OpenSegment(segment.FileName) is { } cached)
        {
            return cached;
        }

        return await store.OpenReadAsync(segment.AssetName, segment.FileName, cancellationToken).ConfigureAwait(false);
    }
}
