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
