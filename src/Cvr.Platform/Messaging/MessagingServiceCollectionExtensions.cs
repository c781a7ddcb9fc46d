using Cvr.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cvr.Platform.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>Subscribes <typeparamref name="THandler"/> of service <paramref name="appId"/> to the event's topic.</summary>
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services, string appId)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(EventSubscription.Create<TEvent, THandler>(appId));
        return services;
    }
}
