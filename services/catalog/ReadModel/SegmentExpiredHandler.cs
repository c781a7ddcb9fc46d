using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>A segment leaves the store (retention, or a full disk): the timeline now starts after it.</summary>
public sealed class SegmentExpiredHandler(CatalogDatabase catalog) : IEventHandler<SegmentExpired>
{
    public async Task<HandlerOutcome> HandleAsync(SegmentExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.ForgetThroughAsync(@event.Segment.AssetName, @event.Segment.End, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
