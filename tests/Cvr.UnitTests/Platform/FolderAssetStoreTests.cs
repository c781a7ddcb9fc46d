using Cvr.Platform.Storage;
using Cvr.Testing;

namespace Cvr.UnitTests.Platform;

public class FolderAssetStoreTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task UploadAsync_SameSegmentTwice_StoresOneCopy()
    {
        var store = new FolderAssetStore(_folder.File("assets"));
        var upload = await SegmentAsync("a.mp4", "content", "hash-a");

        Assert.Equal(AssetUploadResult.Created, await store.UploadAsync(upload, CancellationToken.None));
        Assert.Equal(AssetUploadResult.AlreadyPresent, await store.UploadAsync(upload, CancellationToken.None));

        var blob = Assert.Single(await store.ListAsync("asset", CancellationToken.None).ToListAsync());
        Assert.Equal("hash-a", blob.Metadata[SegmentMetadata.Sha256]);
    }

    [Fact]
    public async Task UploadAsync_SameNameOtherContent_IsAConflict()
    {
        var store = new FolderAssetStore(_folder.File("assets"));
        await store.UploadAsync(await SegmentAsync("a.mp4", "one", "hash-1"), CancellationToken.None);

        await Assert.ThrowsAsync<AssetConflictException>(async () =>
            await store.UploadAsync(await SegmentAsync("a.mp4", "two", "hash-2"), CancellationToken.None));
    }

    [Fact]
    public async Task UploadAsync_SameFileSystem_LinksInsteadOfCopying()
    {
        var store = new FolderAssetStore(_folder.File("assets"));
        var upload = await SegmentAsync("a.mp4", "content", "hash-a");
        await store.UploadAsync(upload, CancellationToken.None);

        var stored = new FileInfo(Path.Combine(store.Root, "asset", "a.mp4"));

        Assert.Equal(2, (int)LinkCount(stored.FullName));
    }

    [Fact]
    public async Task ListAsync_FilesCvrDidNotWrite_AreListedWithoutMetadata()
    {
        var store = new FolderAssetStore(_folder.File("assets"));
        await store.UploadAsync(await SegmentAsync("a.mp4", "content", "hash-a"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(store.Root, "asset", ".DS_Store"), "finder");
        await File.WriteAllTextAsync(Path.Combine(store.Root, "asset", "notes.seed"), "seed");
        Directory.CreateDirectory(Path.Combine(store.Root, ".trash"));

        var blobs = await store.ListAsync("asset", CancellationToken.None).ToListAsync();

        Assert.Equal([".DS_Store", "a.mp4", "notes.seed"], blobs.Select(b => b.Name));
        Assert.Empty(blobs[0].Metadata);
        Assert.Empty(blobs[2].Metadata);
        Assert.Equal(["asset"], await store.ListAssetsAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task DeleteAsync_StoredBlob_GoesWithItsMetadata()
    {
        var store = new FolderAssetStore(_folder.File("assets"));
        await store.UploadAsync(await SegmentAsync("a.mp4", "content", "hash-a"), CancellationToken.None);

        Assert.True(await store.DeleteAsync("asset", "a.mp4", CancellationToken.None));
        Assert.False(await store.DeleteAsync("asset", "a.mp4", CancellationToken.None));

        Assert.Empty(await store.ListAsync("asset", CancellationToken.None).ToListAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, "asset", ".metadata")));
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private static long LinkCount(string path)
    {
        // stat -c %h: the number of names the file has.
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%h", path]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<AssetUpload> SegmentAsync(string name, string content, string hash)
    {
        var path = _folder.File(Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(path, content);
        return new AssetUpload("asset", name, path, hash, new Dictionary<string, string> { [SegmentMetadata.Sha256] = hash });
    }
}
