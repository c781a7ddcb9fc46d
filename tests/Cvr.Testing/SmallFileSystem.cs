using System.Globalization;

namespace Cvr.Testing;

/// <summary>
/// A real, small file system (tmpfs of a few MiB, mounted as root) for tests that fill a disk: writes
/// there fail with ENOSPC exactly as on a full disk. Unmounted on dispose.
/// </summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    public static async Task<SmallFileSystem> MountAsync(string folder, int mebibytes)
    {
        var path = System.IO.Path.Combine(folder, "small-disk");
        Directory.CreateDirectory(path);
        var (code, _, errors) = await Ffprobe.RunAsync("mount", ["-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={mebibytes}m"), "tmpfs", path]);
        return code == 0
            ? new SmallFileSystem(path)
            : throw new InvalidOperationException($"mounting a {mebibytes} MiB tmpfs at {path} failed (the tests run as root): {errors}");
    }

    /// <summary>Fills what is left with a file of zeros (as another program on the disk would), until ENOSPC.</summary>
    /// <summary>Writes a new file of somebody else's until the file system is full; its path.</summary>
    public async Task<string> FillAsync()
    {
        var junk = System.IO.Path.Combine(Path, $"someone-elses-file-{Guid.NewGuid():N}");
        await using var stream = new FileStream(junk, FileMode.Create, FileAccess.Write, FileShare.None);
        var block = new byte[256 * 1024];
        try
        {
            while (true)
            {
                await stream.WriteAsync(block);
            }
        }
        catch (IOException)
        {
            // full
        }

        return junk;
    }

    public async ValueTask DisposeAsync()
    {
        await Ffprobe.RunAsync("umount", ["-l", Path]);
    }
}
