using System.Text.Json;
using Cvr.Platform.Security;
using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.Messaging.Dapr;

/// <summary>
/// Maps each subscription of this app to <c>POST /events/{topic}</c>, declared to daprd through
/// <c>/dapr/subscribe</c> with the app's dead-letter topic. Handler outcomes map onto Dapr's statuses;
/// a failure answers RETRY, never 404, because daprd drops a message on 404. What daprd finally gives
/// up on arrives on <c>POST /events/deadletters</c> and is recorded.
/// </summary>
public static partial class DaprSubscriptionEndpoints
{
    public const string RoutePrefix = "/events";

    /// <summary>The dead-letter topic of an app: one per app, so each records its own failures.</summary>
    public static string DeadLetterTopic(string appId) => $"{appId}-deadletters";

    public static IEndpointRouteBuilder MapDaprSubscriptions(this IEndpointRouteBuilder endpoints, string pubSubName)
    {
        var subscriptions = endpoints.ServiceProvider.GetServices<EventSubscription>().ToList();
        foreach (var subscription in subscriptions)
        {
            endpoints
                .MapPost($"{RoutePrefix}/{subscription.Topic}", (HttpContext context, CancellationToken ct) => HandleAsync(subscription, context, ct))
                .WithMetadata(new TopicAttribute(pubSubName, subscription.Topic, DeadLetterTopic(subscription.AppId), enableRawPayload: false))
                .WithName($"{subscription.AppId}-{subscription.Topic}")
                .WithTags("Dapr deliveries")
                .WithSummary($"daprd delivers a {subscription.Topic} event (a CloudEvent) to {subscription.AppId}; the answer says SUCCESS, RETRY or DROP.")
                .RequireAuthorization(CvrPolicies.Daprd)
                .DisableRateLimiting();
        }

        foreach (var appId in subscriptions.Select(s => s.AppId).Distinct())
        {
            endpoints
                .MapPost($"{RoutePrefix}/deadletters/{appId}", (HttpContext context, DeadLetterRecorder recorder, CancellationToken ct) => RecordDeadLetterAsync(appId, recorder, context, ct))
                .WithTopic(pubSubName, DeadLetterTopic(appId))
                .WithName($"{appId}-deadletters")
                .WithTags("Dapr deliveries")
                .WithSummary($"daprd delivers an event {appId} gave up on (its dead-letter topic), to be recorded.")
                .RequireAuthorization(CvrPolicies.Daprd)
                .DisableRateLimiting();
        }

        return endpoints;
    }

    private static async Task<JsonHttpResult<DaprDeliveryStatus>> RecordDeadLetterAsync(string appId, DeadLetterRecorder recorder, HttpContext context, CancellationToken cancellationToken)
    {
        HandlerOutcome outcome;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            outcome = await recorder.RecordAsync(appId, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            using var empty = JsonDocument.Parse("null");
            outcome = await recorder.RecordAsync(appId, empty.RootElement, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // daprd delivers it again: the letter is logged by the recorder once it gets through.
            LogDeadLetterNotRecorded(Logger(context), ex, appId);
            outcome = HandlerOutcome.Retry;
        }

        return Status(outcome);
    }

    private static async Task<JsonHttpResult<DaprDeliveryStatus>> HandleAsync(EventSubscription subscription, HttpContext context, CancellationToken cancellationToken)
    {
        // daprd sends the CloudEvent's traceparent (the publisher's trace) as the delivery's traceparent header
        // too; Dapr.AspNetCore does not forward the field itself for that reason.
        using var span = MessageTracing.StartProcess(
            MessageTracing.DaprSystem, subscription.Topic, subscription.AppId, context.Request.Headers.TraceParent, context.Request.Headers.TraceState);
        var outcome = await DispatchAsync(subscription, context, cancellationToken).ConfigureAwait(false);
        MessageTracing.Record(span, outcome);
        if (outcome == HandlerOutcome.Retry)
        {
            // daprd delivers it again (or dead-letters it once its policy is used up).
            context.RequestServices.GetRequiredService<DeliveryMetrics>().AddRetry(subscription.AppId, subscription.Topic);
        }

        return Status(outcome);
    }

    private static async Task<HandlerOutcome> DispatchAsync(EventSubscription subscription, HttpContext context, CancellationToken cancellationToken)
    {
        HandlerOutcome outcome;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            outcome = await subscription.DispatchAsync(context.RequestServices, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            LogUndecodable(Logger(context), ex, subscription.Topic);
            return HandlerOutcome.Drop;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandlerFailed(Logger(context), ex, subscription.Topic);
            outcome = HandlerOutcome.Retry;
        }

        if (outcome == HandlerOutcome.Drop)
        {
            // JSON, but not the event the topic carries: dropped (the in-process bus logs the same).
            LogDropped(Logger(context), subscription.Topic, subscription.AppId);
        }

        return outcome;
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DaprSubscriptionEndpoints));

    private static JsonHttpResult<DaprDeliveryStatus> Status(HandlerOutcome outcome) => TypedResults.Json(new DaprDeliveryStatus(outcome switch
    {
        HandlerOutcome.Success => "SUCCESS",
        HandlerOutcome.Drop => "DROP",
        _ => "RETRY",
    }));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Undecodable event on {Topic} dropped")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event on {Topic} was dropped by {AppId}: it is not the event the topic carries")]
    private static partial void LogDropped(ILogger logger, string topic, string appId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler for {Topic} failed; asking daprd to retry")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter for {AppId} could not be recorded; asking daprd to deliver it again")]
    private static partial void LogDeadLetterNotRecorded(ILogger logger, Exception exception, string appId);
}
