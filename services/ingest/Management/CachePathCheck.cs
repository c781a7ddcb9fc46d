namespace Cvr.Ingest.Management;

/// <summary>
/// A localMediaCachePath must lie under the cache root (<c>Ingest:CacheRoot</c>), not only as written but
/// also as the file system resolves it: a symbolic link on the way that leads out of the root is refused.
/// It must be a folder Cvr can write, apart from Cvr's data folder and key ring, and no other instance's:
/// each stream's cache is evicted and uploaded as its own.
/// </summary>
public static class CachePathCheck
{
    private const int MaxLinks = 40;

    /// <summary>
    /// Null when <paramref name="folder"/> (the resolved form of <paramref name="written"/>) lies under the
    /// root, as written and with every symbolic link followed; otherwise why not, naming the root.
    /// </summary>
    public static string? OutsideRoot(string written, string folder, string root)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(root);
        var lexicalRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Nested(lexicalRoot, full))
        {
            return $"localMediaCachePath '{written}' is outside the cache root '{lexicalRoot}' (Ingest:CacheRoot): give a folder under it, or a relative path, which is taken under it.";
        }

        try
        {
            var realRoot = Follow(lexicalRoot, Path.GetPathRoot(lexicalRoot)!).Real;
            var (real, link) = Follow(Path.GetRelativePath(lexicalRoot, full), realRoot);
            return Nested(realRoot, real)
                ? null
                : $"localMediaCachePath '{written}' leads out of the cache root '{lexicalRoot}' (Ingest:CacheRoot) through the symbolic link '{link}', to '{real}'.";
        }
        catch (IOException ex)
        {
            return $"localMediaCachePath '{written}' cannot be resolved under the cache root '{lexicalRoot}' (Ingest:CacheRoot): {ex.Message}";
        }
    }

    /// <summary>Null if the folder is usable; otherwise why not.</summary>
    public static string? Unusable(string path, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataRoot);
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot));
        if (Path.GetPathRoot(path) == path || Nested(path, data))
        {
            return $"localMediaCachePath '{path}' would hold Cvr's data folder '{data}'; give each instance a folder of its own (e.g. under {Path.Combine(data, "cache")}).";
        }

        var keys = Path.Combine(data, "keys");
        if (Overlaps(path, keys))
        {
            return $"localMediaCachePath '{path}' would share a folder with Cvr's key ring '{keys}'; give each instance a folder of its own (e.g. under {Path.Combine(data, "cache")}).";
        }

        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".cvr-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"localMediaCachePath '{path}' is not a folder Cvr can write: {ex.Message}";
        }
    }

    /// <summary>True when the two folders are the same or one holds the other.</summary>
    public static bool Overlaps(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Nested(a, b) || Nested(b, a);
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies under it.</summary>
    private static bool Nested(string outer, string inner)
    {
        var o = Path.TrimEndingDirectorySeparator(outer) + Path.DirectorySeparatorChar;
        var i = Path.TrimEndingDirectorySeparator(inner) + Path.DirectorySeparatorChar;
        return i.StartsWith(o, StringComparison.Ordinal);
    }

    /// <summary>
    /// Walks <paramref name="path"/> from <paramref name="start"/> (a folder without links) as the kernel
    /// would: every symbolic link replaced by its target, '..' taken from where the walk really is. Parts
    /// that do not exist yet are taken as written. Returns the real path and the first link followed.
    /// </summary>
    private static (string Real, string? Link) Follow(string path, string start)
    {
        var pending = new Stack<string>(Parts(path).Reverse());
        var current = Path.IsPathRooted(path) ? Path.GetPathRoot(path)! : start;
        string? firstLink = null;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"More than {MaxLinks} symbolic links on the way to '{path}'.");
            }

            firstLink ??= next;
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
            }

            foreach (var targetPart in Parts(target).Reverse())
            {
                pending.Push(targetPart);
            }
        }

        return (current, firstLink);
    }

    private static string[] Parts(string path) => path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
