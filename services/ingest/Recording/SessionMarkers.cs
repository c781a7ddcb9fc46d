using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Ingest.Recording;

/// <summary>
/// The marker that closes a session folder: it tells the segmenter that nothing more will be written
/// there. On a full disk it cannot be written at once; it is written before the next session instead.
/// </summary>
public sealed partial class SessionMarkers(CacheLayout layout, ILogger logger, string streamId)
{
    private readonly List<(string SessionId, DisconnectReason Reason)> _unclosed = [];

    public async Task MarkClosedAsync(string sessionId, DisconnectReason reason)
    {
        try
        {
            await File.WriteAllTextAsync(layout.SessionClosedMarker(sessionId), reason.ToString(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogMarkerDeferred(ex, streamId, sessionId);
            _unclosed.Add((sessionId, reason));
        }
    }

    /// <summary>Writes the markers that could not be written before, for the session folders still there.</summary>
    public async Task CloseUnclosedAsync()
    {
        var unclosed = _unclosed.ToList();
        _unclosed.Clear();
        foreach (var (sessionId, reason) in unclosed)
        {
            if (Directory.Exists(layout.SessionFolder(sessionId)))
            {
                await MarkClosedAsync(sessionId, reason).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: session {SessionId} could not be marked closed yet (the disk?); trying again before the next session")]
    private partial void LogMarkerDeferred(Exception exception, string streamId, string sessionId);
}
