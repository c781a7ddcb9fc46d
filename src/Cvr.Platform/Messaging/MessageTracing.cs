using System.Diagnostics;

namespace Cvr.Platform.Messaging;

/// <summary>
/// The spans of an event's trip through pub/sub, after OpenTelemetry's messaging conventions: a producer
/// span <c>{topic} publish</c> whose W3C <c>traceparent</c> travels with the event (a column of the
/// in-process bus; under Dapr the CloudEvent's <c>traceparent</c>, which daprd fills from the publish
/// call and sends again as the delivery's <c>traceparent</c> header), and a consumer span
/// <c>{topic} process</c> per subscriber, continuing it. So a segment's
/// journey, sealed → uploaded → cataloged, is one trace across services.
/// </summary>
public static class MessageTracing
{
    public const string SourceName = "Cvr.Messaging";

    /// <summary>The <c>messaging.system</c> of the in-process bus.</summary>
    public const string InProcessSystem = "cvr";

    /// <summary>The <c>messaging.system</c> under Dapr.</summary>
    public const string DaprSystem = "dapr";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the producer span of one publish (null when nobody listens).</summary>
    public static Activity? StartPublish(string system, string topic) =>
        Tagged(Source.StartActivity($"{topic} publish", ActivityKind.Producer), system, topic, "send");

    /// <summary>
    /// Starts the consumer span of one delivery, a child of <paramref name="traceParent"/> (what the publisher
    /// sent) or, without one, of the current span.
    /// </summary>
    public static Activity? StartProcess(string system, string topic, string appId, string? traceParent, string? traceState = null)
    {
        var parent = ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : Activity.Current?.Context ?? default;
        var activity = Tagged(Source.StartActivity($"{topic} process", ActivityKind.Consumer, parent), system, topic, "process");
        activity?.SetTag("messaging.consumer.group.name", appId);
        return activity;
    }

    /// <summary>Notes on a consumer span what the handler made of the delivery; a retry is an error of that attempt.</summary>
    public static void Record(Activity? span, HandlerOutcome outcome)
    {
        span?.SetTag("cvr.delivery.outcome", outcome.ToString());
        if (outcome == HandlerOutcome.Retry)
        {
            span?.SetStatus(ActivityStatusCode.Error, "the delivery will be retried");
        }
    }

    /// <summary>The W3C traceparent of the current span, to travel with an event; null outside any trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    private static Activity? Tagged(Activity? activity, string system, string topic, string operation)
    {
        activity?.SetTag("messaging.system", system);
        activity?.SetTag("messaging.destination.name", topic);
        activity?.SetTag("messaging.operation.type", operation);
        return activity;
    }
}
