using Cvr.Media.Cache;

namespace Cvr.Ingest.Uploads;

/// <summary>
/// The segments a stopped stream's sessions recorded, read from the ingest's own folder: each session's
/// timing.csv, read once when the session is first seen (the recorder stopped, so it no longer grows),
/// since the segmenter removes the session's folder once it has sealed it.
/// </summary>
internal sealed class RecordedSegments(CacheLayout layout)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<(string SessionId, long Sequence)> _segments = [];

    public IReadOnlyList<(string SessionId, long Sequence)> Segments => _segments;

    /// <summary>Reads the sessions not seen before; returns the sessions whose folder is still there.</summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken cancellationToken)
    {
        var sessions = layout.Sessions();
        foreach (var session in sessions.Where(_read.Add))
        {
            try
            {
                var timings = await SegmentTiming.ReadAllAsync(layout.SessionTiming(session), cancellationToken).ConfigureAwait(false);
                _segments.AddRange(timings.Select(t => (session, t.Sequence)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Removed by the segmenter while being read: sealed meanwhile, and the ledger hears of it.
            }
        }

        return sessions;
    }
}
