using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Files;
using Cvr.Media.Mp4;
using Cvr.Platform.Messaging;
using Cvr.Platform.Observability;

namespace Cvr.Segmenter;

/// <summary>
/// Seals one segment that ffmpeg finished: checks its structure (a torn file is truncated to its last
/// complete fragment, or discarded if none), places it on the UTC timeline (the ingest's timing, see
/// <see cref="SegmentPlacement"/>), describes its media (codecs, picture size, frame rate, bitrate:
/// read from the file here, once, and carried by its manifest and events from then on), hashes it, and
/// then, in the order that survives a power cut: forces the video to disk, writes its manifest durably
/// into sealed/, renames the video there (a rename: the video is not written again) and forces the
/// folder; only then announces it.
/// </summary>
public sealed partial class SegmentSealer(IEventPublisher publisher, TimeProvider time, ILogger<SegmentSealer> logger, SealingMetrics? metrics = null)
{
    public async Task<SegmentDescriptor?> SealAsync(
        StreamDescriptor stream,
        CacheLayout layout,
        string sessionId,
        long sequence,
        SegmentPlacement placement,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(placement);
        using var span = SegmentJourney.StartSeal(stream, sessionId, sequence);
        var source = layout.SessionSegment(sessionId, sequence);

        // When ffmpeg last wrote it, before a repair below writes to it.
        var lastWrite = new DateTimeOffset(File.GetLastWriteTimeUtc(source), TimeSpan.Zero);
        var index = await FragmentedMp4Reader.ReadIndexAsync(source, cancellationToken).ConfigureAwait(false);
        var repaired = false;
        if (!index.IsComplete)
        {
            if (index.InitializationSize == 0 || index.Fragments.Count == 0)
            {
                LogDiscarded(stream.StreamId, sessionId, sequence, index.FileLength);
                File.Delete(source);
                return null;
            }

            // Torn by a crash: keep every complete fragment, drop the partial tail.
            LogRepaired(stream.StreamId, sessionId, sequence, index.FileLength, index.CompleteLength);
            await using (var file = new FileStream(source, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                file.SetLength(index.CompleteLength);
            }

            repaired = true;
        }

        DurableFile.Flush(source);

        var (start, end, clock) = placement.Place(index.Duration, repaired, lastWrite);
        if (clock.Source == ClockSource.Recovered)
        {
            LogRecoveredTime(stream.StreamId, sessionId, sequence, start);
        }

        var hash = await FileHash.Sha256Async(source, cancellationToken).ConfigureAwait(false);
        var name = SegmentFileName.Format(start, sessionId, sequence);
        var descriptor = new SegmentDescriptor(
            stream.StreamId, stream.AssetName, sessionId, sequence, start, end, new FileInfo(source).Length, hash, name, clock)
        {
            Media = Mp4SegmentMedia.Describe(index),
        };

        var target = layout.Sealed(name);
        DurableFile.CreateDirectory(layout.SealedFolder);
        await SegmentManifest.WriteAsync(target, descriptor, cancellationToken).ConfigureAwait(false);
        DurableFile.Move(source, target, overwrite: true);
        var sealedAt = time.GetUtcNow();
        await publisher.PublishAsync(new SegmentSealed(descriptor, sealedAt), cancellationToken).ConfigureAwait(false);
        metrics?.Sealed(descriptor, sealedAt);
        LogSealed(stream.StreamId, name, descriptor.Duration.TotalSeconds, descriptor.SizeBytes, descriptor.Media?.Codecs);
        return descriptor;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed {StreamId} {Segment} ({Seconds:F3} s, {Bytes} bytes, {Codecs})")]
    private partial void LogSealed(string streamId, string segment, double seconds, long bytes, string? codecs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {StreamId}/{SessionId}/{Sequence} was torn ({Length} bytes); truncated to its last complete fragment at {CompleteLength}")]
    private partial void LogRepaired(string streamId, string sessionId, long sequence, long length, long completeLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {StreamId}/{SessionId}/{Sequence} holds no complete fragment ({Length} bytes) and was discarded")]
    private partial void LogDiscarded(string streamId, string sessionId, long sequence, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {StreamId}/{SessionId}/{Sequence} was never timed by the ingest; placed at {Start:O} (clock Recovered)")]
    private partial void LogRecoveredTime(string streamId, string sessionId, long sequence, DateTimeOffset start);
}
