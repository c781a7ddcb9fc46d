using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.Platform.Streams;

/// <summary>Adds an activated stream to a service's <see cref="StreamRegistry"/>.</summary>
public sealed class StreamActivationHandler<TRegistry>(TRegistry registry) : IEventHandler<GraphInstanceActivated>
    where TRegistry : StreamRegistry
{
    public async Task<HandlerOutcome> HandleAsync(GraphInstanceActivated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        await registry.RegisterAsync(@event.Stream, @event.ActivatedAt, cancellationToken).ConfigureAwait(false);
        return HandlerOutcome.Success;
    }
}
