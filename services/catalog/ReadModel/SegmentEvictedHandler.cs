using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>A segment dropped before upload: its span becomes a gap with the eviction's reason.</summary>
public sealed class SegmentEvictedHandler(CatalogDatabase catalog) : IEventHandler<SegmentEvicted>
{
    public async Task<HandlerOutcome> HandleAsync(SegmentEvicted @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.UpsertSegmentAsync(@event.Segment, uploaded: false, evicted: true, cancellationToken, @event.Reason).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
