using Cvr.Media.Files;
using Cvr.Testing;

namespace Cvr.UnitTests.Media;

public class DiskTests
{
    [Fact]
    public void DiskFull_NoSpaceOrQuota_IsTold()
    {
        Assert.True(DiskFull.Is(new IOException("No space left on device : '/cache/x'", 28)));
        Assert.True(DiskFull.Is(new IOException("Disk quota exceeded", 122)));
        Assert.True(DiskFull.Is(new InvalidOperationException("wrapped", new IOException("No space left on device"))));
        Assert.False(DiskFull.Is(new IOException("Input/output error", 5)));
        Assert.False(DiskFull.Is(new UnauthorizedAccessException()));
    }

    [Fact]
    public void VolumeOf_TwoFoldersOfOneFileSystem_IsOneVolumeWithFreeSpace()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("a"));

        var a = Volume.Of(folder.File("a"));
        var notYetCreated = Volume.Of(folder.File("b/c"));

        Assert.Equal(a.Id, notYetCreated.Id);
        Assert.InRange(a.FreeBytes, 1, a.TotalBytes);
        Assert.NotEqual(a.Id, Volume.Of("/proc").Id);
    }

    [Fact]
    public async Task WriteAtomicallyAsync_ReplacesTheFileWholeAndLeavesNoTemporary()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("manifest.json");
        await File.WriteAllTextAsync(path, "old");

        await DurableFile.WriteAtomicallyAsync(path, "new"u8.ToArray(), CancellationToken.None);

        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }
}
