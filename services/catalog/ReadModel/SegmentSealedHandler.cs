using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>A sealed segment is playable from the cache at once.</summary>
public sealed class SegmentSealedHandler(CatalogDatabase catalog) : IEventHandler<SegmentSealed>
{
    public async Task<HandlerOutcome> HandleAsync(SegmentSealed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.UpsertSegmentAsync(@event.Segment, uploaded: false, evicted: false, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
