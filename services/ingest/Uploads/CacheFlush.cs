using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Ingest.Uploads;

/// <summary>
/// Waits, once a stream's recorder stopped, for its recording to leave the cache for the asset store.
/// The segmenter's and uploader's events say what is sealed and what is uploaded (<see cref="PendingUploads"/>);
/// the ingest's own folder says what its sessions recorded (their timing.csv, which the ingest wrote)
/// and which of them the segmenter has yet to finish. Other services' folders are not looked at.
/// </summary>
public sealed class CacheFlush(PendingUploads uploads, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits until nothing is pending or the timeout passes; returns what is still pending.</summary>
    public async Task<int> WaitAsync(StreamDescriptor stream, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var deadline = time.GetUtcNow() + timeout;
        var recorded = new RecordedSegments(new CacheLayout(stream.CachePath));
        var pending = await PendingAsync(stream.StreamId, recorded, cancellationToken).ConfigureAwait(false);
        while (pending > 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            pending = await PendingAsync(stream.StreamId, recorded, cancellationToken).ConfigureAwait(false);
        }

        return pending;
    }

    /// <summary>
    /// Segments not yet uploaded: sealed and waiting for the uploader, or recorded and not yet sealed; and
    /// each session folder the segmenter has yet to finish that holds no such segment (it may hold a file
    /// ffmpeg never listed).
    /// </summary>
    private async Task<int> PendingAsync(string streamId, RecordedSegments recorded, CancellationToken cancellationToken)
    {
        var sessions = await recorded.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var ledger = await uploads.OfAsync(streamId, cancellationToken).ConfigureAwait(false);
        var unsealed = recorded.Segments.Where(s => !ledger.IsSealed(s.SessionId, s.Sequence)).ToList();
        var unfinished = sessions.Count(session => unsealed.TrueForAll(s => s.SessionId != session));
        return ledger.Pending.Count + unsealed.Count + unfinished;
    }
}
