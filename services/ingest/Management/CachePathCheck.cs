namespace Cvr.Ingest.Management;

/// <summary>
/// A localMediaCachePath must be a folder Cvr can write, outside its own data folder's database, and
/// no other instance's: each stream's cache is evicted and uploaded as its own.
/// </summary>
public static class CachePathCheck
{
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
}
