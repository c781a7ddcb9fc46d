using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Cvr.Media.Files;

/// <summary>
/// The file system a path is on, as statvfs(2) sees it: which one (so that folders on the same disk are
/// looked after together), how big, and how much of it an unprivileged writer can still use.
/// </summary>
/// <param name="Id">The device the file system is mounted from (st_dev of stat(2)): one per mount.</param>
/// <param name="TotalBytes">Its size.</param>
/// <param name="FreeBytes">What is free for unprivileged writers (f_bavail).</param>
public readonly partial record struct Volume(ulong Id, long TotalBytes, long FreeBytes)
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// The free space kept for recording on this disk unless configured otherwise: a tenth of it, at most
    /// 2 GiB. Below it the uploader frees space (and in the end drops video); nothing else may write into it.
    /// </summary>
    public long DefaultFloorBytes => Math.Min(TotalBytes / 10, 2048 * MiB);

    /// <summary>The floor: <paramref name="configuredMiB"/> when set, else <see cref="DefaultFloorBytes"/>.</summary>
    public long FloorBytes(long? configuredMiB) => configuredMiB is { } configured ? configured * MiB : DefaultFloorBytes;

    /// <summary>The volume holding <paramref name="path"/> (or its nearest existing parent).</summary>
    public static Volume Of(string path)
    {
        var existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            var drive = new DriveInfo(Path.GetPathRoot(existing)!);
            return new Volume((ulong)drive.Name.GetHashCode(StringComparison.Ordinal), drive.TotalSize, drive.AvailableFreeSpace);
        }

        // struct statvfs on 64-bit Linux: bsize, frsize, blocks, bfree, bavail, files, ffree, favail, fsid, flag, namemax (8 bytes each).
        Span<byte> buffer = stackalloc byte[128];
        if (Statvfs(existing, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"statvfs({existing}) failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        var fragment = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]);
        var blocks = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[16..]);
        var available = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);

        // struct stat begins with st_dev (8 bytes on 64-bit Linux); the whole struct is 144 bytes.
        Span<byte> status = stackalloc byte[256];
        if (Stat(existing, ref MemoryMarshal.GetReference(status)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"stat({existing}) failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return new Volume(BinaryPrimitives.ReadUInt64LittleEndian(status), blocks * fragment, available * fragment);
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statvfs(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref byte buffer);
}
