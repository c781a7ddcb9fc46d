using Cvr.Media.Cache;

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
        [.. SessionFolders.Where(f => File.Exists(Path.Combine(f, SessionSegmentName.Format(0))) && !File.Exists(Path.Combine(f, CacheLayout.ClosedMarkerFile)))];

    /// <summary>
    /// How many fragments (top-level moof boxes; one per keyframe) ffmpeg has written so far in the files of
    /// the live sessions: how a test waits until a session holds media, rather than for a fixed time.
    /// </summary>
    public int LiveFragments => LiveSessions.SelectMany(f => CacheLayout.SessionSegmentsIn(f)).Sum(f => CountFragments(f.Path));

    /// <summary>Nothing in flight: no session folder, nothing waiting for upload.</summary>
    public bool Settled => SessionFolders.Length == 0 && SealedCount == 0;

    private static int CountFragments(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[16];
            var fragments = 0;
            long position = 0;
            while (position + 8 <= file.Length)
            {
                file.Position = position;
                file.ReadExactly(header[..8]);
                long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
                if (size == 1)
                {
                    file.ReadExactly(header[8..16]);
                    size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                }

                if (size < 8 || position + size > file.Length)
                {
                    break; // the box ffmpeg is still writing
                }

                fragments += header[4..8].SequenceEqual("moof"u8) ? 1 : 0;
                position += size;
            }

            return fragments;
        }
        catch (IOException)
        {
            return 0; // moved away (sealed) between listing and reading
        }
    }

    private int Count(string stage)
    {
        var folder = Path.Combine(CachePath, stage);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.mp4").Length : 0;
    }
}
