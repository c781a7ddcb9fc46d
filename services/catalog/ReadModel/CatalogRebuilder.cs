using Cvr.Platform.Storage;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// Rebuilds the timelines from the asset store's listing alone (blob names and metadata), so that
/// losing the catalog database loses nothing that was uploaded.
/// </summary>
public sealed class CatalogRebuilder(CatalogDatabase catalog, IAssetStore store)
{
    public async Task<(int Assets, int Segments, int Skipped)> RebuildAsync(CancellationToken cancellationToken)
    {
        int assets = 0, segments = 0, skipped = 0;
        await foreach (var asset in store.ListAssetsAsync(cancellationToken).ConfigureAwait(false))
        {
            assets++;
            await foreach (var blob in store.ListAsync(asset, cancellationToken).ConfigureAwait(false))
            {
                if (SegmentMetadata.TryRead(blob, out var segment))
                {
                    await catalog.UpsertSegmentAsync(segment!, uploaded: true, evicted: false, cancellationToken).ConfigureAwait(false);
                    segments++;
                }
                else
                {
                    skipped++;
                }
            }
        }

        return (assets, segments, skipped);
    }
}
