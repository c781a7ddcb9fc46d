using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cvr.ContractTests.Delivery;

/// <summary>How the event's payload travels inside the CloudEvent.</summary>
public enum CloudEventData
{
    /// <summary><c>data</c> holds the JSON itself: what daprd sends for a JSON publish.</summary>
    Inline,

    /// <summary><c>data_base64</c> holds the bytes: what daprd sends for a binary publish.</summary>
    Base64,
}

/// <summary>
/// A pub/sub delivery exactly as daprd makes it (dapr pkg/runtime/pubsub and components-contrib
/// pubsub/envelope.go): <c>POST {route}</c> with <c>Content-Type: application/cloudevents+json</c> (no
/// charset), a structured CloudEvent with id, source (the publisher's app id), type
/// <c>com.dapr.event.sent</c>, specversion 1.0, datacontenttype, topic, pubsubname, trace fields and
/// time, the payload in <c>data</c> or <c>data_base64</c>; the W3C trace headers; and, when daprd has
/// an APP_API_TOKEN, the <c>dapr-api-token</c> header.
/// </summary>
public static class DaprdCloudEvent
{
    public const string ContentType = "application/cloudevents+json";
    public const string EventType = "com.dapr.event.sent";
    public const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    public const string TraceState = "congo=t61rcWkgMzE";
    public const string ApiTokenHeader = "dapr-api-token";

    public static JsonObject Envelope(string topic, string source, string dataJson, CloudEventData data, string pubsubName = "pubsub", string traceParent = TraceParent)
    {
        var envelope = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = source,
            ["type"] = EventType,
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/json",
            ["topic"] = topic,
            ["pubsubname"] = pubsubName,
            ["traceid"] = traceParent,
            ["traceparent"] = traceParent,
            ["tracestate"] = TraceState,
            ["time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        };

        if (data == CloudEventData.Inline)
        {
            envelope["data"] = JsonNode.Parse(dataJson);
        }
        else
        {
            envelope["data_base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(dataJson));
        }

        return envelope;
    }

    public static HttpRequestMessage Request(Uri route, JsonObject envelope, string? apiToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
        request.Headers.Add("traceparent", envelope["traceparent"]?.GetValue<string>() ?? TraceParent);
        request.Headers.Add("tracestate", TraceState);
        if (apiToken is not null)
        {
            request.Headers.Add(ApiTokenHeader, apiToken);
        }

        return request;
    }

    /// <summary>Delivers one event to <paramref name="route"/> (relative to the client's base address) and reads the answer.</summary>
    public static async Task<DeliveryAnswer> DeliverAsync(
        HttpClient http,
        string route,
        string topic,
        string dataJson,
        CloudEventData data = CloudEventData.Inline,
        string? apiToken = null,
        string source = "segmenter",
        string traceParent = TraceParent)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = Request(new Uri(route.TrimStart('/'), UriKind.Relative), Envelope(topic, source, dataJson, data, traceParent: traceParent), apiToken);
        using var response = await http.SendAsync(request);
        return await DeliveryAnswer.ReadAsync(response);
    }

    /// <summary>A traceparent of a new trace, sampled, as daprd makes one for a publish that carried none.</summary>
    public static string NewTraceParent() =>
        $"00-{System.Diagnostics.ActivityTraceId.CreateRandom()}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01";

    /// <summary>The <c>status</c> of a subscriber's answer body, as daprd reads it; null for an empty or non-JSON body.</summary>
    public static string? StatusOf(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject answer && answer["status"] is JsonValue status && status.GetValueKind() == JsonValueKind.String
                ? status.GetValue<string>()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
