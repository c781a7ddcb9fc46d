using Cvr.Contracts.Events;

namespace Cvr.Platform.Messaging;

/// <summary>
/// Handles one event type for one service. Delivery is at-least-once in both modes, so a handler
/// must be idempotent. The same class runs under the in-process bus and under Dapr.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task<HandlerOutcome> HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
