using System.Runtime.InteropServices;

namespace Cvr.Media.Files;

/// <summary>
/// What it takes for a file to survive a power cut, in one place: its data forced to disk (fsync)
/// before it is named where others look, and the directory holding the new name forced to disk
/// before anyone is told. A rename is atomic, but neither it nor the bytes behind it are durable
/// until then; after a power cut an un-synced file can be empty, short or zero-filled.
/// </summary>
public static partial class DurableFile
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    /// <summary>Forces a file's data (and size) to disk.</summary>
    public static void Flush(string path) => Sync(path, directory: false);

    /// <summary>Forces a directory's entries (new names, renames, deletions) to disk.</summary>
    public static void FlushDirectory(string path) => Sync(path, directory: true);

    /// <summary>Creates a folder (and its missing parents) and makes each new entry durable in its parent.</summary>
    public static void CreateDirectory(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(full);
        if (parent is not null)
        {
            FlushDirectory(parent);
        }
    }

    /// <summary>Renames a file and makes the new name durable (the target's directory, and the source's if another).</summary>
    public static void Move(string source, string target, bool overwrite)
    {
        File.Move(source, target, overwrite);
        var targetFolder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var sourceFolder = Path.GetDirectoryName(Path.GetFullPath(source))!;
        FlushDirectory(targetFolder);
        if (!string.Equals(sourceFolder, targetFolder, StringComparison.Ordinal))
        {
            FlushDirectory(sourceFolder);
        }
    }

    /// <summary>
    /// Writes a whole small file so that a reader (or a power cut) sees the old content or the new,
    /// never a part: a temporary file, forced to disk, renamed over the target, the directory forced.
    /// </summary>
    public static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }

        Flush(temporary);
        Move(temporary, path, overwrite: true);
    }

    private static void Sync(string path, bool directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (!directory)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                stream.Flush(flushToDisk: true);
            }

            return;
        }

        // fsync(2) needs a descriptor, and .NET opens no directory: open(2) read-only serves both.
        var descriptor = Open(path, ReadOnly | CloseOnExec);
        if (descriptor < 0)
        {
            throw Failure("open", path);
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw Failure("fsync", path);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string call, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call}({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
