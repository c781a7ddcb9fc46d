using System.Collections.Concurrent;
using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Segmenter;

/// <summary>
/// Works through one session folder: seals each segment ffmpeg has listed as closed; once the ingest
/// marked the session closed, also settles what ffmpeg never listed (a file torn by a crash) and
/// removes the folder.
/// </summary>
public sealed partial class SessionProcessor(SegmentSealer sealer, SessionAnchors anchors, ILogger<SessionProcessor> logger)
{
    // Skips re-reading a list that has not grown since the last look: the common case, every tick.
    private readonly ConcurrentDictionary<string, long> _listLengths = new(StringComparer.Ordinal);

    public async Task ProcessAsync(StreamDescriptor stream, CacheLayout layout, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(layout);

        // Look for the marker before reading the list: once closed, the list is final.
        var closed = File.Exists(layout.SessionClosedMarker(sessionId));
        var listPath = layout.SessionSegmentList(sessionId);
        var listLength = File.Exists(listPath) ? new FileInfo(listPath).Length : 0;
        var cursorKey = layout.SessionFolder(sessionId);
        if (!closed && _listLengths.TryGetValue(cursorKey, out var seen) && seen == listLength)
        {
            return;
        }

        var entries = await SegmentListEntry.ReadAllAsync(listPath, cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            if (File.Exists(layout.SessionSegment(sessionId, entry.Sequence)))
            {
                await sealer.SealAsync(stream, layout, sessionId, entry.Sequence, entry.Start, entry.End, cancellationToken).ConfigureAwait(false);
            }
        }

        _listLengths[cursorKey] = listLength;
        if (closed)
        {
            await FinishAsync(stream, layout, sessionId, entries, cancellationToken).ConfigureAwait(false);
            _listLengths.TryRemove(cursorKey, out _);
        }
    }

    private async Task FinishAsync(StreamDescriptor stream, CacheLayout layout, string sessionId, IReadOnlyList<SegmentListEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(layout.SessionFolder(sessionId), "seg-*.mp4").Order(StringComparer.Ordinal))
        {
            var sequenceText = Path.GetFileNameWithoutExtension(file)[4..];
            if (!long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                continue;
            }

            // An unlisted file starts where the previous listed one ended.
            TimeSpan? start = sequence == 0 ? TimeSpan.Zero : entries.FirstOrDefault(e => e.Sequence == sequence - 1)?.End;
            if (start is null)
            {
                LogUnplaceable(stream.StreamId, sessionId, sequence);
                File.Delete(file);
                continue;
            }

            await sealer.SealAsync(stream, layout, sessionId, sequence, start.Value, streamEnd: null, cancellationToken).ConfigureAwait(false);
        }

        Directory.Delete(layout.SessionFolder(sessionId), recursive: true);
        await anchors.ForgetAsync(stream.StreamId, sessionId, cancellationToken).ConfigureAwait(false);
        LogSessionFinished(stream.StreamId, sessionId, entries.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {StreamId}/{SessionId} finished ({Count} listed segments)")]
    private partial void LogSessionFinished(string streamId, string sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {StreamId}/{SessionId}/{Sequence} cannot be placed in time (its predecessor is unknown) and was discarded")]
    private partial void LogUnplaceable(string streamId, string sessionId, long sequence);
}
