using Cvr.Platform.Storage;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>The Azure Blob asset store against Azurite: conditional single writes, and what an outage looks like.</summary>
public sealed class AzureBlobAssetStoreTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync(_folder.Path);

    [Fact]
    public async Task UploadAsync_RetriedAfterSuccess_FindsTheBlobAndWritesNothingNew()
    {
        var store = new AzureBlobAssetStore(_azurite.ConnectionString);
        var upload = await UploadOfAsync("a.mp4", "same bytes", "hash-a");

        Assert.Equal(AssetUploadResult.Created, await store.UploadAsync(upload, CancellationToken.None));
        Assert.Equal(AssetUploadResult.AlreadyPresent, await store.UploadAsync(upload, CancellationToken.None));

        var blob = Assert.Single(await store.ListAsync("asset", CancellationToken.None).ToListAsync());
        Assert.Equal("hash-a", blob.Metadata[SegmentMetadata.Sha256]);
    }

    [Fact]
    public async Task UploadAsync_NameTakenByOtherContent_IsAConflictAndKeepsTheOriginal()
    {
        var store = new AzureBlobAssetStore(_azurite.ConnectionString);
        await store.UploadAsync(await UploadOfAsync("b.mp4", "original", "hash-1"), CancellationToken.None);

        await Assert.ThrowsAsync<AssetConflictException>(async () =>
            await store.UploadAsync(await UploadOfAsync("b.mp4", "impostor", "hash-2"), CancellationToken.None));

        await using var stream = (await store.OpenReadAsync("asset", "b.mp4", CancellationToken.None))!;
        Assert.Equal("original", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task Rebuild_ContainerWithABlobCvrDidNotWrite_SkipsAndCountsIt()
    {
        var store = new AzureBlobAssetStore(_azurite.ConnectionString);
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var segment = new Cvr.Contracts.Events.SegmentDescriptor("camera", "asset", "20261201T115958000Z", 0, start, start.AddSeconds(30), 5, "hash-s", Cvr.Media.Cache.SegmentFileName.Format(start, "20261201T115958000Z", 0));
        var path = Path.Combine(_folder.Path, "segment");
        await File.WriteAllTextAsync(path, "video");
        await store.UploadAsync(new AssetUpload("asset", segment.FileName, path, segment.Sha256, SegmentMetadata.Of(segment)), CancellationToken.None);
        await store.UploadAsync(await UploadOfAsync("seed.txt", "not a segment", "x"), CancellationToken.None);
        var catalog = new Cvr.Catalog.ReadModel.CatalogDatabase(new Cvr.Platform.Sqlite.SqliteDatabase(Path.Combine(_folder.Path, "catalog.db")));

        var (assets, segments, skipped) = await new Cvr.Catalog.ReadModel.CatalogRebuilder(catalog, store).RebuildAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1), (assets, segments, skipped));
        var rebuilt = Assert.Single(await catalog.SegmentsAsync("asset", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, includeEvicted: true, CancellationToken.None));
        Assert.Equal((segment.FileName, segment.End), (rebuilt.Segment.FileName, rebuilt.Segment.End));
    }

    [Fact]
    public async Task DeleteAsync_StoredBlob_IsGone()
    {
        var store = new AzureBlobAssetStore(_azurite.ConnectionString);
        await store.UploadAsync(await UploadOfAsync("d.mp4", "bytes", "hash-d"), CancellationToken.None);

        Assert.True(await store.DeleteAsync("asset", "d.mp4", CancellationToken.None));
        Assert.False(await store.DeleteAsync("asset", "d.mp4", CancellationToken.None));
        Assert.Empty(await store.ListAsync("asset", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task UploadAsync_StoreDown_ThrowsUnavailableAfterTheClientsOwnRetries()
    {
        var store = new AzureBlobAssetStore(_azurite.ConnectionString);
        var upload = await UploadOfAsync("c.mp4", "bytes", "hash-c");
        await _azurite.StopAsync();

        var error = await Assert.ThrowsAsync<AssetStoreUnavailableException>(() => store.UploadAsync(upload, CancellationToken.None));

        Assert.IsAssignableFrom<AggregateException>(error.InnerException);
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<AssetUpload> UploadOfAsync(string name, string content, string hash)
    {
        var path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(path, content);
        return new AssetUpload("asset", name, path, hash, new Dictionary<string, string> { [SegmentMetadata.Sha256] = hash });
    }
}
