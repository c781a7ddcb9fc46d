using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.State;
using Cvr.Platform.Streams;

namespace Cvr.Uploader;

/// <summary>
/// The streams whose sealed segments the uploader stores and whose caches it keeps in bounds. A
/// deactivated stream stays until its cache is empty (everything sealed, uploaded or evicted, and the
/// uploaded copies gone by the local retention, the cap or the disk floor); its asset's retention period
/// outlives it, because the asset's recordings do.
/// </summary>
public sealed class UploaderStreams(IStateStoreFactory stores, CacheStatusBoard board) : StreamRegistry(stores, UploaderService.AppId)
{
    /// <summary>The retention period of an asset whose stream was forgotten; null for the host's default, or when none was kept.</summary>
    public async Task<TimeSpan?> KeptRetentionAsync(string assetName, CancellationToken cancellationToken) =>
        (await State.GetAsync<AssetRetention>(RetentionKey(assetName), cancellationToken).ConfigureAwait(false))?.Value.Period;

    protected override bool HasWorkLeft(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var layout = new CacheLayout(stream.CachePath);
        return layout.Sessions().Count > 0
            || CacheLayout.SegmentsIn(layout.SealedFolder).Count > 0
            || CacheLayout.SegmentsIn(layout.UploadedFolder).Count > 0;
    }

    protected override Task ForgettingAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        board.Forget(stream.StreamId);
        return State.SaveAsync(RetentionKey(stream.AssetName), new AssetRetention(stream.RetentionPeriod), cancellationToken);
    }

    private static string RetentionKey(string assetName) => $"retention:{assetName}";

    internal sealed record AssetRetention(TimeSpan? Period);
}
