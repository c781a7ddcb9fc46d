using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Catalog.ReadModel;

/// <summary>Remembers why each session ended: the reason given to the gap that follows it.</summary>
public sealed class CameraDisconnectedHandler(CatalogDatabase catalog) : IEventHandler<CameraDisconnected>
{
    public async Task<HandlerOutcome> HandleAsync(CameraDisconnected @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await catalog.RecordSessionEndAsync(@event.StreamId, @event.SessionId, @event.DisconnectedAt, @event.Reason.ToString(), cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
