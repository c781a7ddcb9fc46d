using Cvr.Media.Cache;
using Cvr.Media.Files;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Forces what ffmpeg has written to disk once per fragment, so that a power cut loses at most the
/// fragment being received (one GOP): when ffmpeg prints a keyframe it has just written the fragment
/// before it, and the session's newest segment file is fsync'd (at most once a second); a new file's
/// folder entry is forced too. ffmpeg itself never syncs.
/// </summary>
public sealed partial class FragmentFlusher(string sessionFolder, TimeProvider time, ILogger logger, string streamId)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
    private long _lastFlush = long.MinValue;
    private string? _newest;
    private bool _failed;

    /// <summary>At a keyframe: ffmpeg has just written the fragment before it.</summary>
    public void Flush()
    {
        if (_lastFlush != long.MinValue && time.GetElapsedTime(_lastFlush) < MinimumInterval)
        {
            return;
        }

        _lastFlush = time.GetTimestamp();
        try
        {
            var newest = CacheLayout.SessionSegmentsIn(sessionFolder).Select(f => f.Path).LastOrDefault();
            if (newest is null)
            {
                return;
            }

            DurableFile.Flush(newest);
            if (!string.Equals(newest, _newest, StringComparison.Ordinal))
            {
                DurableFile.FlushDirectory(sessionFolder);
                _newest = newest;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_failed)
            {
                _failed = true;
                LogFlushFailed(ex, streamId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: what ffmpeg wrote could not be forced to disk (further failures of this session are not logged)")]
    private partial void LogFlushFailed(Exception exception, string streamId);
}
