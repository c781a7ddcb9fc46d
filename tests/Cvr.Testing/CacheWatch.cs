namespace Cvr.Testing;

/// <summary>Looks into a stream's cache folders during a test.</summary>
public sealed class CacheWatch(string cachePath)
{
    public string CachePath { get; } = cachePath;

    public int SealedCount => Count("sealed");

    public int UploadedCount => Count("uploaded");

    public string[] SessionFolders =>
        Directory.Exists(Path.Combine(CachePath, "ingest")) ? Directory.GetDirectories(Path.Combine(CachePath, "ingest")) : [];

    /// <summary>The sessions whose ffmpeg is receiving media right now (first file written, not closed).</summary>
    public string[] LiveSessions =>
        [.. SessionFolders.Where(f => File.Exists(Path.Combine(f, "seg-000000.mp4")) && !File.Exists(Path.Combine(f, "closed")))];

    /// <summary>Nothing in flight: no session folder, nothing waiting for upload.</summary>
    public bool Settled => SessionFolders.Length == 0 && SealedCount == 0;

    private int Count(string stage)
    {
        var folder = Path.Combine(CachePath, stage);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.mp4").Length : 0;
    }
}
