using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.Platform.Streams;

public static class StreamRegistryServiceCollectionExtensions
{
    /// <summary>
    /// A service's stream list: <typeparamref name="TRegistry"/>, kept by GraphInstanceActivated and
    /// GraphInstanceDeactivated, with the loop that forgets drained deactivated streams.
    /// </summary>
    public static IServiceCollection AddStreamRegistry<TRegistry>(this IServiceCollection services, string appId)
        where TRegistry : StreamRegistry
    {
        services.AddSingleton<TRegistry>();
        services.AddEventHandler<GraphInstanceActivated, StreamActivationHandler<TRegistry>>(appId);
        services.AddEventHandler<GraphInstanceDeactivated, StreamDeactivationHandler<TRegistry>>(appId);
        services.AddHostedService<StreamRetirement<TRegistry>>();
        return services;
    }
}
