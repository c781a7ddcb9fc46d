using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>An uploaded segment is served from the asset store once the cache lets it go.</summary>
public sealed class SegmentUploadedHandler(CatalogDatabase catalog) : IEventHandler<SegmentUploaded>
{
    public async Task<HandlerOutcome> HandleAsync(SegmentUploaded @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.UpsertSegmentAsync(@event.Segment, uploaded: true, evicted: false, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
