using Cvr.Platform.Storage;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// Rebuilds the timelines from the asset store's listing alone (blob names and metadata), so that
/// losing the catalog database loses nothing that was uploaded. Segments are written in batched
/// transactions while the listing goes on; what the catalog derives from them is computed once per
/// asset at the end. Every write is an upsert, so a rebuild over an existing catalog changes nothing.
/// </summary>
public sealed class CatalogRebuilder(CatalogDatabase catalog, IAssetStore store, int batchSize = CatalogRebuilder.DefaultBatchSize)
{
    /// <summary>Segments per transaction: few commits (each is forced to disk), bounded memory.</summary>
    public const int DefaultBatchSize = 5_000;

    public Task<CatalogRebuildProgress> RebuildAsync(CancellationToken cancellationToken) => RebuildAsync(progress: null, cancellationToken);

    /// <summary>Rebuilds, reporting each committed batch to <paramref name="progress"/> and, last, the totals it returns.</summary>
    public async Task<CatalogRebuildProgress> RebuildAsync(IProgress<CatalogRebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var writer = new SegmentBatchWriter(catalog, batchSize);
        var assets = new List<string>();
        int skipped = 0, reported = 0;
        await foreach (var asset in store.ListAssetsAsync(cancellationToken).ConfigureAwait(false))
        {
            assets.Add(asset);
            await foreach (var blob in store.ListAsync(asset, cancellationToken).ConfigureAwait(false))
            {
                if (!SegmentMetadata.TryRead(blob, out var segment))
                {
                    skipped++;
                }
                else if (await writer.AddAsync(segment!, cancellationToken).ConfigureAwait(false) && writer.Committed > reported)
                {
                    reported = writer.Committed;
                    progress?.Report(new CatalogRebuildProgress(assets.Count, reported, skipped));
                }
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        foreach (var asset in assets)
        {
            await catalog.RefreshTimelineAsync(asset, cancellationToken).ConfigureAwait(false);
        }

        var totals = new CatalogRebuildProgress(assets.Count, writer.Committed, skipped);
        progress?.Report(totals);
        return totals;
    }
}
