namespace Cvr.Platform.Files;

/// <summary>
/// Files only Cvr's own user may read: the databases and the key ring hold camera secrets (sealed) and
/// what unseals them, so they are created 0600 inside 0700 folders, and older ones with looser modes
/// are tightened when Cvr starts. On Windows (no Unix modes) these only create.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder (and missing parents) owner-only, or takes group and others' access away from an existing one.</summary>
    public static void CreateFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, FolderMode);
        }

        Tighten(path);
    }

    /// <summary>Creates an empty file owner-only if it does not exist, or tightens the existing one.</summary>
    public static void CreateFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using (new FileStream(path, options))
        {
        }

        Tighten(path);
    }

    /// <summary>Takes group and others' access away from a file or folder, if it exists and has any.</summary>
    public static void Tighten(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOthers) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupAndOthers);
        }
    }
}
