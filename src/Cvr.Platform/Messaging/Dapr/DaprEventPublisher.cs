using Cvr.Contracts.Events;
using Dapr.Client;

namespace Cvr.Platform.Messaging.Dapr;

/// <summary>Publishes through the Dapr sidecar; daprd wraps the event in a CloudEvent on the event's topic.</summary>
public sealed class DaprEventPublisher(DaprClient dapr, string pubSubName) : IEventPublisher
{
    public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent =>
        dapr.PublishEventAsync(pubSubName, TEvent.Topic, @event, cancellationToken);
}
