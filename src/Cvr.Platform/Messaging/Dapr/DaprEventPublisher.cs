using Cvr.Contracts.Events;
using Dapr.Client;

namespace Cvr.Platform.Messaging.Dapr;

/// <summary>
/// Publishes through the Dapr sidecar; daprd wraps the event in a CloudEvent on the event's topic. The
/// publish span's traceparent goes to daprd as a header of the gRPC call (HttpClient propagates the
/// current span), and daprd writes it into the CloudEvent's <c>traceparent</c>.
/// </summary>
public sealed class DaprEventPublisher(DaprClient dapr, string pubSubName) : IEventPublisher
{
    public async Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        using var span = MessageTracing.StartPublish(MessageTracing.DaprSystem, TEvent.Topic);
        await dapr.PublishEventAsync(pubSubName, TEvent.Topic, @event, cancellationToken).ConfigureAwait(false);
    }
}
