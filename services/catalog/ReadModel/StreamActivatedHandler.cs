using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>An activated stream: its asset exists from now on, and its cache can serve media.</summary>
public sealed class StreamActivatedHandler(CatalogDatabase catalog) : IEventHandler<GraphInstanceActivated>
{
    public async Task<HandlerOutcome> HandleAsync(GraphInstanceActivated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.UpsertStreamAsync(@event.Stream, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
