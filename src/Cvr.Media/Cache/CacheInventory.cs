namespace Cvr.Media.Cache;

/// <summary>Everything one stream keeps under its cache path, by stage, for the budget.</summary>
public static class CacheInventory
{
    public static IReadOnlyList<CachedSegment> Read(CacheLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var contents = new List<CachedSegment>();
        if (Directory.Exists(layout.IngestRoot))
        {
            foreach (var file in new DirectoryInfo(layout.IngestRoot).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                contents.Add(new CachedSegment(file.FullName, SafeLength(file), CacheStage.Ingest));
            }
        }

        AddStage(contents, layout.SealedFolder, CacheStage.Sealed);
        AddStage(contents, layout.UploadedFolder, CacheStage.Uploaded);
        return contents;
    }

    private static void AddStage(List<CachedSegment> contents, string folder, CacheStage stage)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*" + SegmentFileName.Extension))
        {
            var manifest = new FileInfo(CacheLayout.ManifestOf(file.FullName));
            contents.Add(new CachedSegment(file.Name, SafeLength(file) + (manifest.Exists ? SafeLength(manifest) : 0), stage));
        }
    }

    // A file can vanish between the listing and the look (renamed to the next stage, or deleted).
    private static long SafeLength(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
