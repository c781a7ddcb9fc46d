using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Platform.Messaging;

namespace Cvr.Segmenter;

/// <summary>
/// Seals one segment that ffmpeg finished: checks its structure (a torn file is truncated to its last
/// complete fragment, or discarded if none), times it in UTC from the session anchor, hashes it,
/// writes its manifest, renames it into sealed/ (a rename: the video is not written again) and only
/// then announces it.
/// </summary>
public sealed partial class SegmentSealer(SessionAnchors anchors, IEventPublisher publisher, TimeProvider time, ILogger<SegmentSealer> logger)
{
    /// <param name="streamStart">Where the segment starts in session (stream) time.</param>
    /// <param name="streamEnd">Where it ends, from ffmpeg's list; null for a file ffmpeg never listed.</param>
    public async Task<SegmentDescriptor?> SealAsync(
        StreamDescriptor stream,
        CacheLayout layout,
        string sessionId,
        long sequence,
        TimeSpan streamStart,
        TimeSpan? streamEnd,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(layout);
        var source = layout.SessionSegment(sessionId, sequence);
        var index = await FragmentedMp4Reader.ReadIndexAsync(source, cancellationToken).ConfigureAwait(false);
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

            streamEnd = null;
        }

        var anchor = await AnchorAsync(stream, sessionId, index, streamStart, cancellationToken).ConfigureAwait(false);
        var end = streamEnd ?? streamStart + index.Duration;
        var hash = await FileHash.Sha256Async(source, cancellationToken).ConfigureAwait(false);
        var start = anchor + streamStart;
        var name = SegmentFileName.Format(start, sessionId, sequence);
        var descriptor = new SegmentDescriptor(
            stream.StreamId, stream.AssetName, sessionId, sequence, start, anchor + end, new FileInfo(source).Length, hash, name);

        var target = layout.Sealed(name);
        Directory.CreateDirectory(layout.SealedFolder);
        await SegmentManifest.WriteAsync(target, descriptor, cancellationToken).ConfigureAwait(false);
        File.Move(source, target, overwrite: true);
        await publisher.PublishAsync(new SegmentSealed(descriptor, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        LogSealed(stream.StreamId, name, descriptor.Duration.TotalSeconds, descriptor.SizeBytes);
        return descriptor;
    }

    private async Task<DateTimeOffset> AnchorAsync(StreamDescriptor stream, string sessionId, Mp4SegmentIndex index, TimeSpan streamStart, CancellationToken cancellationToken)
    {
        if (await anchors.GetAsync(stream.StreamId, sessionId, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }

        var anchor = SessionClock.EstimateAnchor(index, streamStart);
        if (anchor is null)
        {
            // No prft box (not written by our ffmpeg command): fall back to "it just finished".
            anchor = time.GetUtcNow() - (streamStart + index.Duration);
            LogNoWallClock(stream.StreamId, sessionId);
        }

        // Whole milliseconds: segment names carry milliseconds, and abutting ends stay exactly equal.
        var rounded = new DateTimeOffset(anchor.Value.UtcTicks - (anchor.Value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        await anchors.SetAsync(stream.StreamId, sessionId, rounded, cancellationToken).ConfigureAwait(false);
        return rounded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed {StreamId} {Segment} ({Seconds:F3} s, {Bytes} bytes)")]
    private partial void LogSealed(string streamId, string segment, double seconds, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {StreamId}/{SessionId}/{Sequence} was torn ({Length} bytes); truncated to its last complete fragment at {CompleteLength}")]
    private partial void LogRepaired(string streamId, string sessionId, long sequence, long length, long completeLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment {StreamId}/{SessionId}/{Sequence} holds no complete fragment ({Length} bytes) and was discarded")]
    private partial void LogDiscarded(string streamId, string sessionId, long sequence, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {StreamId}/{SessionId} has no wall-clock boxes; timed from the host clock instead")]
    private partial void LogNoWallClock(string streamId, string sessionId);
}
