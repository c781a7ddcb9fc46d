using Cvr.Contracts.Events;

namespace Cvr.Platform.Messaging;

/// <summary>Publishes an event on its topic; returns once the event is durably accepted.</summary>
public interface IEventPublisher
{
    Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent;
}
