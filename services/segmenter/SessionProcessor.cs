using System.Collections.Concurrent;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Segmenter;

/// <summary>
/// Works through one session folder: seals each segment the ingest has timed (it times what ffmpeg
/// listed as closed, see timing.csv); once the ingest marked the session closed, also settles what was
/// never timed (a file torn by a crash, or timed too late) and removes the folder. A file that holds
/// complete fragments is never discarded: without timing it is placed right after its predecessor.
/// </summary>
public sealed partial class SessionProcessor(SegmentSealer sealer, ILogger<SessionProcessor> logger)
{
    // Skips re-reading a timing file that has not grown since the last look: the common case, every tick.
    private readonly ConcurrentDictionary<string, long> _timingLengths = new(StringComparer.Ordinal);

    public async Task ProcessAsync(StreamDescriptor stream, CacheLayout layout, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(layout);

        // Look for the marker before reading the timing: once closed, it is final.
        var closed = File.Exists(layout.SessionClosedMarker(sessionId));
        var timingPath = layout.SessionTiming(sessionId);
        var timingLength = File.Exists(timingPath) ? new FileInfo(timingPath).Length : 0;
        var cursorKey = layout.SessionFolder(sessionId);
        if (!closed && _timingLengths.TryGetValue(cursorKey, out var seen) && seen == timingLength)
        {
            return;
        }

        var timings = await SegmentTiming.ReadAllAsync(timingPath, cancellationToken).ConfigureAwait(false);
        foreach (var timing in timings)
        {
            if (File.Exists(layout.SessionSegment(sessionId, timing.Sequence)))
            {
                await sealer.SealAsync(stream, layout, sessionId, timing.Sequence, SegmentPlacement.Timed(timing), cancellationToken).ConfigureAwait(false);
            }
        }

        _timingLengths[cursorKey] = timingLength;
        if (closed)
        {
            await FinishAsync(stream, layout, sessionId, timings, cancellationToken).ConfigureAwait(false);
            _timingLengths.TryRemove(cursorKey, out _);
        }
    }

    private async Task FinishAsync(StreamDescriptor stream, CacheLayout layout, string sessionId, IReadOnlyList<SegmentTiming> timings, CancellationToken cancellationToken)
    {
        var ends = timings.ToDictionary(t => t.Sequence, t => t.End);
        foreach (var (sequence, _) in layout.SessionSegments(sessionId))
        {
            // Right after its predecessor when that one is known (timed, or already sealed: a power cut
            // can lose the timing's last lines, never a manifest); by its own file's time otherwise.
            var previousEnd = ends.TryGetValue(sequence - 1, out var timedEnd) ? timedEnd
                : await SealedEndAsync(layout, sessionId, sequence - 1, cancellationToken).ConfigureAwait(false);
            var placement = SegmentPlacement.Recovered(previousEnd);
            var sealedSegment = await sealer.SealAsync(stream, layout, sessionId, sequence, placement, cancellationToken).ConfigureAwait(false);
            if (sealedSegment is not null)
            {
                ends[sequence] = sealedSegment.End;
            }
        }

        Directory.Delete(layout.SessionFolder(sessionId), recursive: true);
        LogSessionFinished(stream.StreamId, sessionId, timings.Count);
    }

    /// <summary>Where a segment of the session that is already sealed (or uploaded) ends, from its manifest.</summary>
    private static async Task<DateTimeOffset?> SealedEndAsync(CacheLayout layout, string sessionId, long sequence, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { layout.SealedFolder, layout.UploadedFolder })
        {
            foreach (var path in CacheLayout.SegmentsIn(folder))
            {
                if (SegmentFileName.TryParse(Path.GetFileName(path), out _, out var session, out var number) && session == sessionId && number == sequence
                    && await SegmentManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } manifest)
                {
                    return manifest.End;
                }
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {StreamId}/{SessionId} finished ({Count} timed segments)")]
    private partial void LogSessionFinished(string streamId, string sessionId, int count);
}
