using Cvr.Contracts.Events;
using Cvr.Ingest.Recording;
using Cvr.Platform.Messaging;

namespace Cvr.Ingest.Uploads;

/// <summary>
/// Hears each segment of the ingest's streams along its way to the asset store (sealed by the segmenter,
/// then uploaded or evicted by the uploader) and keeps <see cref="PendingUploads"/> (and the recorded
/// seconds of <see cref="RecordingMetrics"/>) up to date. A failure
/// asks for the event again.
/// </summary>
public sealed class SegmentProgressHandler(PendingUploads uploads, RecordingMetrics? metrics = null)
    : IEventHandler<SegmentSealed>, IEventHandler<SegmentUploaded>, IEventHandler<SegmentEvicted>
{
    public async Task<HandlerOutcome> HandleAsync(SegmentSealed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await uploads.SealedAsync(@event.Segment, cancellationToken).ConfigureAwait(false);
        metrics?.Recorded(@event.Segment);
        return HandlerOutcome.Success;
    }

    public async Task<HandlerOutcome> HandleAsync(SegmentUploaded @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await uploads.SettledAsync(@event.Segment, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }

    public async Task<HandlerOutcome> HandleAsync(SegmentEvicted @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await uploads.SettledAsync(@event.Segment, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
