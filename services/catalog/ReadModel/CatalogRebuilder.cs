using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
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
                if (ToDescriptor(blob) is { } segment)
                {
                    await catalog.UpsertSegmentAsync(segment, uploaded: true, evicted: false, cancellationToken).ConfigureAwait(false);
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

    /// <summary>A segment from a blob Cvr wrote, or null for anything else in the container.</summary>
    public static SegmentDescriptor? ToDescriptor(AssetBlob blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var metadata = blob.Metadata;
        if (!SegmentFileName.TryParse(blob.Name, out _, out var sessionId, out var sequence)
            || !metadata.TryGetValue(SegmentMetadata.Start, out var start)
            || !metadata.TryGetValue(SegmentMetadata.End, out var end)
            || !metadata.TryGetValue(SegmentMetadata.Sha256, out var sha256)
            || !metadata.TryGetValue(SegmentMetadata.StreamId, out var streamId)
            || !DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var startTime)
            || !DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var endTime))
        {
            return null;
        }

        return new SegmentDescriptor(streamId, blob.AssetName, sessionId, sequence, startTime, endTime, blob.SizeBytes, sha256, blob.Name);
    }
}
