namespace Cvr.Media.Cache;

/// <summary>
/// Read-only access to the finished segments of one stream's cache, for a service that owns none of
/// its folders: the catalog serves edge playback through it (<see cref="CacheLayout"/> says who owns
/// what). It opens segments of <c>sealed/</c> and <c>uploaded/</c> only, never ffmpeg's files in
/// <c>ingest/</c>, and it takes a segment file name, never a path. The owners go on moving and
/// deleting while it reads: a segment can pass from <c>sealed/</c> to <c>uploaded/</c> between the
/// look and the open, so it looks twice; and it opens with <see cref="FileShare.Delete"/>, so an
/// eviction never waits for a reader (an open stream keeps its bytes until it is disposed).
/// </summary>
public sealed class CacheReader
{
    private const int BufferSize = 64 * 1024;
    private readonly CacheLayout _layout;

    /// <param name="cachePath">The stream's cache path (<c>localMediaCachePath</c>).</param>
    public CacheReader(string cachePath)
    {
        _layout = new CacheLayout(cachePath);
    }

    /// <summary>
    /// The segment opened for reading (seekable), or null when the cache no longer holds it, or when
    /// <paramref name="fileName"/> is no segment file name (<see cref="SegmentFileName"/>): a path, or a
    /// file of <c>ingest/</c>, is never opened.
    /// </summary>
    public FileStream? OpenSegment(string fileName)
    {
        if (!SegmentFileName.TryParse(fileName, out _, out _, out _))
        {
            return null;
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (_layout.Find(fileName) is not { } path)
            {
                return null;
            }

            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Moved on (sealed/ to uploaded/) or deleted since the look.
            }
        }

        return null;
    }
}
