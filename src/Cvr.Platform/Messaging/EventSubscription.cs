using System.Text.Json;
using Cvr.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.Platform.Messaging;

/// <summary>
/// One service's subscription to one topic. Each service (app id) gets its own copy of every event,
/// as with Dapr's consumer group per app id.
/// </summary>
public sealed class EventSubscription
{
    private readonly Func<IServiceProvider, JsonElement, CancellationToken, Task<HandlerOutcome>> _dispatch;

    private EventSubscription(
        string appId,
        string topic,
        Type eventType,
        Func<IServiceProvider, JsonElement, CancellationToken, Task<HandlerOutcome>> dispatch)
    {
        AppId = appId;
        Topic = topic;
        EventType = eventType;
        _dispatch = dispatch;
    }

    public string AppId { get; }

    public string Topic { get; }

    public Type EventType { get; }

    /// <summary>The subscriber's identity on the in-process bus: app id and topic.</summary>
    public string SubscriberKey => $"{AppId}/{Topic}";

    public static EventSubscription Create<TEvent, THandler>(string appId)
        where TEvent : IIntegrationEvent
        where THandler : IEventHandler<TEvent>
    {
        return new EventSubscription(appId, TEvent.Topic, typeof(TEvent), DispatchAsync);

        static async Task<HandlerOutcome> DispatchAsync(IServiceProvider services, JsonElement payload, CancellationToken ct)
        {
            TEvent? @event;
            try
            {
                @event = payload.Deserialize<TEvent>(EventJson.Options);
            }
            catch (JsonException)
            {
                return HandlerOutcome.Drop;
            }

            if (@event is null)
            {
                return HandlerOutcome.Drop;
            }

            await using var scope = services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            return await handler.HandleAsync(@event, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Deserializes the payload and runs the handler; an undecodable payload is dropped.</summary>
    public Task<HandlerOutcome> DispatchAsync(IServiceProvider services, JsonElement payload, CancellationToken cancellationToken) =>
        _dispatch(services, payload, cancellationToken);
}
