using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Sqlite;
using Cvr.Testing;

namespace Cvr.UnitTests.Catalog;

/// <summary>A stream's life in the catalog's SQLite read model, on a real file: the cache path goes, the timeline stays.</summary>
public sealed class CatalogStreamTests : IDisposable
{
    private const string Session = "20261123T120000000Z";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly StreamDescriptor Camera = new("camera", "Topology", "asset", 30, "/cache/camera", 1L << 30);
    private readonly TemporaryFolder _folder = new();
    private readonly CatalogDatabase _catalog;

    public CatalogStreamTests()
    {
        _catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
    }

    [Fact]
    public async Task RetireStreamAsync_NothingWaitingForUpload_ForgetsTheCachePathAndKeepsTheTimeline()
    {
        await _catalog.UpsertStreamAsync(Camera, T0, CancellationToken.None);
        await _catalog.UpsertSegmentAsync(Segment(0), uploaded: true, evicted: false, CancellationToken.None);

        await _catalog.RetireStreamAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Null(await _catalog.CachePathAsync(Camera.StreamId, CancellationToken.None));
        Assert.True(await _catalog.AssetExistsAsync(Camera.AssetName, CancellationToken.None));
        Assert.Equal(Camera.StreamId, Assert.Single(await _catalog.ListAssetsAsync(CancellationToken.None)).StreamId);
        Assert.Single(await _catalog.SegmentsAsync(Camera.AssetName, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, includeEvicted: true, CancellationToken.None));
    }

    [Fact]
    public async Task RetireStreamAsync_ASegmentWaitingForUpload_KeepsTheCachePathUntilItIsUploaded()
    {
        await _catalog.UpsertStreamAsync(Camera, T0, CancellationToken.None);
        await _catalog.UpsertSegmentAsync(Segment(0), uploaded: false, evicted: false, CancellationToken.None);

        await _catalog.RetireStreamAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(Camera.CachePath, await _catalog.CachePathAsync(Camera.StreamId, CancellationToken.None));
        await _catalog.UpsertSegmentAsync(Segment(0), uploaded: true, evicted: false, CancellationToken.None);
        Assert.Null(await _catalog.CachePathAsync(Camera.StreamId, CancellationToken.None));
    }

    [Fact]
    public async Task RetireStreamAsync_ASegmentEvictedBeforeUpload_NoLongerHoldsTheStream()
    {
        await _catalog.UpsertStreamAsync(Camera, T0, CancellationToken.None);
        await _catalog.UpsertSegmentAsync(Segment(0), uploaded: false, evicted: false, CancellationToken.None);
        await _catalog.RetireStreamAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        await _catalog.UpsertSegmentAsync(Segment(0), uploaded: false, evicted: true, CancellationToken.None, SegmentEvicted.DiskFull);

        Assert.Null(await _catalog.CachePathAsync(Camera.StreamId, CancellationToken.None));
    }

    [Fact]
    public async Task RetireStreamAsync_DeactivationOlderThanTheLatestActivation_KeepsTheStream()
    {
        await _catalog.UpsertStreamAsync(Camera, T0.AddMinutes(2), CancellationToken.None);

        await _catalog.RetireStreamAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(Camera.CachePath, await _catalog.CachePathAsync(Camera.StreamId, CancellationToken.None));
    }

    [Fact]
    public async Task UpsertStreamAsync_ActivatedAgainAfterItWasForgotten_ServesFromItsCacheAgain()
    {
        await _catalog.UpsertStreamAsync(Camera, T0, CancellationToken.None);
        await _catalog.RetireStreamAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        await _catalog.UpsertStreamAsync(Camera, T0.AddMinutes(2), CancellationToken.None);
        await _catalog.UpsertSegmentAsync(Segment(0), uploaded: true, evicted: false, CancellationToken.None);

        Assert.Equal(Camera.CachePath, await _catalog.CachePathAsync(Camera.StreamId, CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private static SegmentDescriptor Segment(long sequence) => new(
        Camera.StreamId, Camera.AssetName, Session, sequence, T0.AddSeconds(30 * sequence), T0.AddSeconds(30 * (sequence + 1)), 1000, new string('a', 64),
        SegmentFileName.Format(T0.AddSeconds(30 * sequence), Session, sequence));
}
