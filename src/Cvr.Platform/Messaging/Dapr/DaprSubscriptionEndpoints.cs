using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.Messaging.Dapr;

/// <summary>
/// Maps each subscription of this app to <c>POST /events/{topic}</c>, declared to daprd through
/// <c>/dapr/subscribe</c>. Handler outcomes map onto Dapr's statuses; a failure answers RETRY, never
/// 404, because daprd drops a message on 404.
/// </summary>
public static class DaprSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapDaprSubscriptions(this IEndpointRouteBuilder endpoints, string pubSubName)
    {
        var subscriptions = endpoints.ServiceProvider.GetServices<EventSubscription>().ToList();
        foreach (var subscription in subscriptions)
        {
            endpoints
                .MapPost($"/events/{subscription.Topic}", (HttpContext context, CancellationToken ct) => HandleAsync(subscription, context, ct))
                .WithTopic(pubSubName, subscription.Topic)
                .WithName($"{subscription.AppId}-{subscription.Topic}");
        }

        return endpoints;
    }

    private static async Task<IResult> HandleAsync(EventSubscription subscription, HttpContext context, CancellationToken cancellationToken)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DaprSubscriptionEndpoints));
        HandlerOutcome outcome;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            outcome = await subscription.DispatchAsync(context.RequestServices, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Undecodable event on {Topic} dropped", subscription.Topic);
            outcome = HandlerOutcome.Drop;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Handler for {Topic} failed; asking daprd to retry", subscription.Topic);
            outcome = HandlerOutcome.Retry;
        }

        return Results.Json(new DaprDeliveryStatus(outcome switch
        {
            HandlerOutcome.Success => "SUCCESS",
            HandlerOutcome.Drop => "DROP",
            _ => "RETRY",
        }));
    }
}
