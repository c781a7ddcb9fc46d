using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>A deactivated stream: its cache stops serving media once nothing of it waits for upload; its asset and timeline stay.</summary>
public sealed class StreamDeactivatedHandler(CatalogDatabase catalog) : IEventHandler<GraphInstanceDeactivated>
{
    public async Task<HandlerOutcome> HandleAsync(GraphInstanceDeactivated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.RetireStreamAsync(@event.StreamId, @event.DeactivatedAt, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
