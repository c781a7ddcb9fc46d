using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Platform.Streams;

/// <summary>
/// Marks a deactivated stream as retiring in a service's <see cref="StreamRegistry"/>: the service
/// finishes what the stream's cache still holds for it, then forgets the stream (<see cref="StreamRetirement{TRegistry}"/>).
/// </summary>
public sealed class StreamDeactivationHandler<TRegistry>(TRegistry registry) : IEventHandler<GraphInstanceDeactivated>
    where TRegistry : StreamRegistry
{
    public async Task<HandlerOutcome> HandleAsync(GraphInstanceDeactivated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await registry.RetireAsync(@event.StreamId, @event.DeactivatedAt, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
