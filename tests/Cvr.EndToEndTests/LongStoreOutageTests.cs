using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// The asset store down for longer than a 12 MiB cache can absorb: the oldest unuploaded segments are
/// dropped (with an event and a gap with reason Evicted), the rest upload oldest first once, and
/// nothing else is missing.
/// </summary>
public sealed class LongStoreOutageTests
{
    private const string Instance = "dock";

    [Fact]
    public async Task Outage_BeyondTheCap_DropsTheOldestAndUploadsTheRestOldestFirst()
    {
        await using var run = await StoreOutageFixture.StartAsync(Instance, cacheMiB: 12);
        var asset = CvrHostProcess.AssetName(Instance);
        var beforeOutage = (await run.Azurite.BlobPutsAsync(asset)).Count;
        await run.StopStoreAsync();
        await Eventually.WaitAsync(
            async () => (await run.Host.SegmentsAsync(asset)).Count(s => s.Evicted) >= 2,
            TimeSpan.FromSeconds(150),
            "two segments are evicted while the store is down");
        var cache = JsonNode.Parse(await run.Host.Http.GetStringAsync(new Uri("api/cache", UriKind.Relative)))!["value"]![0]!;
        await run.RestoreStoreAsync();
        await run.FinishAsync(Instance);

        var segments = await run.Host.SegmentsAsync(asset);
        var evicted = segments.Where(s => s.Evicted).ToList();
        var kept = segments.Where(s => !s.Evicted).ToList();
        Assert.True(cache["evictedSegments"]!.GetValue<long>() >= 2);
        Assert.All(kept, s => Assert.True(s.Uploaded, s.FileName));

        // Every kept segment is in the store exactly once; no evicted one is.
        var puts = await run.Azurite.BlobPutsAsync(asset);
        Assert.Equal(kept.Select(s => s.FileName).Order(StringComparer.Ordinal), puts.Order(StringComparer.Ordinal));

        // After the outage, uploads went oldest first.
        var afterOutage = puts.Skip(beforeOutage).ToList();
        Assert.Equal(afterOutage.Order(StringComparer.Ordinal), afterOutage);

        // Exactly the evicted spans are missing, and they say why.
        var gaps = await run.Host.GapsAsync(asset);
        Assert.All(gaps, g => Assert.Equal("Evicted", g.Reason));
        Assert.Equal(evicted.Sum(s => (s.End - s.Start).TotalSeconds), gaps.Sum(g => (g.End - g.Start).TotalSeconds), 3);
        Assert.All(evicted, e => Assert.Contains(gaps, g => g.Start <= e.Start && e.End <= g.End));
    }
}
