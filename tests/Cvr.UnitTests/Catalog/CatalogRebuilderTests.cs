using Cvr.Catalog.ReadModel;
using Cvr.Platform.Sqlite;
using Cvr.Platform.Storage;
using Cvr.Testing;

namespace Cvr.UnitTests.Catalog;

/// <summary>
/// <see cref="CatalogRebuilder"/> on a generated day of history in a real folder store and a real SQLite
/// catalog: the batches it reports, and a second rebuild over the first.
/// </summary>
public sealed class CatalogRebuilderTests : IDisposable
{
    private static readonly LongHistory History = new("sampleasset-rebuild", "rebuild", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), 1);
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task RebuildAsync_SmallBatches_ReportsGrowingCountsEndingWithTheTotals()
    {
        var store = await StoreAsync();
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        var progress = new ProgressLog();

        var totals = await new CatalogRebuilder(catalog, store, batchSize: 500).RebuildAsync(progress, CancellationToken.None);

        Assert.Equal(new CatalogRebuildProgress(1, History.Stored().Count(), 0), totals);
        Assert.True(progress.Reports.Count >= 5, $"{progress.Reports.Count} reports for {totals.Segments} segments in batches of 500");
        Assert.Equal(totals, progress.Reports[^1]);
        Assert.All(progress.Reports.Zip(progress.Reports.Skip(1)), pair =>
            Assert.True(pair.First.Segments < pair.Second.Segments && pair.First.Assets <= pair.Second.Assets, $"{pair.First} then {pair.Second}"));
        Assert.All(progress.Reports.SkipLast(1), report => Assert.Equal(0, report.Segments % 500));
    }

    [Fact]
    public async Task RebuildAsync_OverARebuiltCatalog_ChangesNothing()
    {
        var store = await StoreAsync();
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        var first = await new CatalogRebuilder(catalog, store).RebuildAsync(CancellationToken.None);
        var segments = await AllAsync(catalog);
        var assets = await catalog.ListAssetsAsync(CancellationToken.None);

        var second = await new CatalogRebuilder(catalog, store).RebuildAsync(CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(History.Stored().Count(), segments.Count);
        Assert.Equal(segments, await AllAsync(catalog));
        Assert.Equal(assets, await catalog.ListAssetsAsync(CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<FolderAssetStore> StoreAsync()
    {
        var root = _folder.File("store");
        await History.WriteFolderStoreAsync(root, CancellationToken.None);
        return new FolderAssetStore(root);
    }

    private static Task<IReadOnlyList<CatalogSegment>> AllAsync(CatalogDatabase catalog) =>
        catalog.SegmentsAsync(History.AssetName, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, includeEvicted: true, CancellationToken.None);

    /// <summary>Every report in the order it was made (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class ProgressLog : IProgress<CatalogRebuildProgress>
    {
        public List<CatalogRebuildProgress> Reports { get; } = [];

        public void Report(CatalogRebuildProgress value) => Reports.Add(value);
    }
}
