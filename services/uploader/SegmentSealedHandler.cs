using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;

namespace Cvr.Uploader;

/// <summary>"A segment is ready": queue it (idempotent; an already uploaded or gone segment is acknowledged).</summary>
public sealed class SegmentSealedHandler(UploaderStreams streams, UploadQueue queue, CacheStatusBoard board, CacheJanitor janitor) : IEventHandler<SegmentSealed>
{
    public async Task<HandlerOutcome> HandleAsync(SegmentSealed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var stream = await streams.GetAsync(@event.Segment.StreamId, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            // The activation event has not reached this service yet; it will.
            return HandlerOutcome.Retry;
        }

        board.RecordSealed(@event.Segment);
        janitor.Nudge();
        var layout = new CacheLayout(stream.CachePath);
        if (File.Exists(layout.Sealed(@event.Segment.FileName)))
        {
            queue.Enqueue(new PendingSegment(@event.Segment, stream.CachePath, MessageTracing.CurrentTraceParent()));
        }

        return HandlerOutcome.Success;
    }
}
