using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>The asset store down for less than the cache can absorb: nothing is lost.</summary>
public sealed class BriefStoreOutageTests
{
    private const string Instance = "lobby";

    [Fact]
    public async Task Outage_WithinTheCap_LeavesNoGapAndEverySegmentOnce()
    {
        await using var run = await StoreOutageFixture.StartAsync(Instance, cacheMiB: 2048);
        await run.StopStoreAsync();
        await Eventually.WaitAsync(() => Task.FromResult(run.Cache.SealedCount >= 1), Eventually.Bound, "a segment is sealed while the store is down");
        await run.RestoreStoreAsync();
        await run.FinishAsync(Instance);

        var asset = CvrHostProcess.AssetName(Instance);
        var segments = await run.Host.SegmentsAsync(asset);
        Assert.Empty(await run.Host.GapsAsync(asset));
        Assert.Single(await run.Host.AvailableMediaAsync(asset));
        Assert.All(segments, s => Assert.True(s.Uploaded && !s.Evicted, s.FileName));
        var puts = await run.Azurite.BlobPutCountsAsync(asset);
        Assert.Equal(segments.Select(s => s.FileName).Order(StringComparer.Ordinal), puts.Keys.Order(StringComparer.Ordinal));
        Assert.All(puts, p => Assert.Equal(1, p.Value));
    }
}
