using Cvr.Media.Cache;

namespace Cvr.Bench;

/// <summary>Sizes of the segment files a recording has produced so far.</summary>
internal static class SegmentBytes
{
    /// <summary>seg-*.mp4 in one folder (a bare ffmpeg's output).</summary>
    public static long InFolder(string folder) =>
        CacheLayout.SessionSegmentsIn(folder).Sum(f => Size(f.Path));

    /// <summary>
    /// Every segment in a cvr cache once, wherever it is: ingest/{session}/seg-N.mp4, then sealed/ and
    /// uploaded/ as {start}_{session}_{N}.mp4. Stages are read in the order segments move through them,
    /// so a segment renamed meanwhile is seen at least once, and keyed by (session, N) it counts once.
    /// The folder asset store holds hard links to uploaded/ and is not counted again.
    /// </summary>
    public static long InCache(string cachePath)
    {
        var layout = new CacheLayout(cachePath);
        var sizes = new Dictionary<(string Session, long Sequence), long>();
        void Count(string session, long sequence, string file) =>
            sizes[(session, sequence)] = Math.Max(sizes.GetValueOrDefault((session, sequence)), Size(file));

        foreach (var session in layout.Sessions())
        {
            foreach (var (sequence, file) in layout.SessionSegments(session))
            {
                Count(session, sequence, file);
            }
        }

        foreach (var folder in new[] { layout.SealedFolder, layout.UploadedFolder })
        {
            foreach (var file in CacheLayout.SegmentsIn(folder))
            {
                if (SegmentFileName.TryParse(Path.GetFileName(file), out _, out var session, out var sequence))
                {
                    Count(session, sequence, file);
                }
            }
        }

        return sizes.Values.Sum();
    }

    private static long Size(string file)
    {
        try
        {
            return new FileInfo(file).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
