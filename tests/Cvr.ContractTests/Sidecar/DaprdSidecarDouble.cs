using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.ContractTests.Delivery;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cvr.ContractTests.Sidecar;

/// <summary>
/// A stand-in for daprd at the protocol level: daprd's gRPC API served by Kestrel over cleartext
/// HTTP/2 on 127.0.0.1, so that the real Dapr.Client in the app talks to it unchanged (through
/// DAPR_GRPC_ENDPOINT). It records every call, keeps state in memory with ETags, can be told to fail,
/// and, like daprd with its broker, can deliver what is published to the apps that subscribed.
/// </summary>
public sealed class DaprdSidecarDouble : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly DaprdRuntime _runtime;
    // daprd is no .NET client: its deliveries carry the traceparent it sets, never one of this process's spans.
    private readonly HttpClient _apps = new(new SocketsHttpHandler { ActivityHeadersPropagator = null });
    private readonly List<AppSubscription> _subscriptions = [];
    private readonly List<SubscriberDelivery> _deliveries = [];
    private readonly List<Task> _inFlight = [];
    private readonly Lock _lock = new();
    private readonly string _appId;

    private DaprdSidecarDouble(WebApplication host, DaprdRuntime runtime, Uri endpoint, string appId)
    {
        _host = host;
        _runtime = runtime;
        _appId = appId;
        GrpcEndpoint = endpoint;
        _runtime.Published += Route;
    }

    /// <summary>Where the app's DaprClient is pointed: the value of DAPR_GRPC_ENDPOINT.</summary>
    public Uri GrpcEndpoint { get; }

    public IReadOnlyList<SidecarCall> Calls => _runtime.Calls;

    public IReadOnlyList<SubscriberDelivery> Deliveries
    {
        get
        {
            lock (_lock)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <param name="appId">The app id of the app this sidecar belongs to: the <c>source</c> of what it publishes.</param>
    /// <param name="apiToken">When set, calls without this <c>dapr-api-token</c> are refused, as daprd does with DAPR_API_TOKEN.</param>
    public static async Task<DaprdSidecarDouble> StartAsync(string appId = "contract-tests", string? apiToken = null)
    {
        var runtime = new DaprdRuntime("statestore", "pubsub", apiToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(runtime);
        var host = builder.Build();
        host.MapGrpcService<DaprdRuntime>();
        await host.StartAsync();
        return new DaprdSidecarDouble(host, runtime, new Uri(host.Urls.Single()), appId);
    }

    public void FailWith(StatusCode status) => _runtime.FailWith(status);

    public void Recover() => _runtime.Recover();

    public string Seed(string key, string json) => _runtime.Seed(key, Encoding.UTF8.GetBytes(json));

    /// <summary>Another writer stores <paramref name="json"/> under <paramref name="key"/> right after the app's next read of it.</summary>
    public void WriteAfterNextRead(string key, string json) => _runtime.WriteAfterNextRead(key, Encoding.UTF8.GetBytes(json));

    /// <summary>The value stored under <paramref name="key"/> as JSON, or null.</summary>
    public JsonNode? StoredJson(string key) => _runtime.Stored(key) is { } stored ? JsonNode.Parse(stored.Value.ToStringUtf8()) : null;

    public string? StoredETag(string key) => _runtime.Stored(key)?.ETag;

    public IReadOnlyList<SidecarCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>SaveState calls for the app's own data, not for its Data Protection key ring (written at start).</summary>
    public IReadOnlyList<SidecarCall> DataWrites() =>
        [.. CallsTo("SaveState").Where(c => !c.Keys.All(k => k.StartsWith("keyring:", StringComparison.Ordinal)))];

    public IReadOnlyList<PublishEventRequest> Published(string topic) =>
        [.. Calls.Where(c => c is { Method: "PublishEvent", Succeeded: true }).Select(c => (PublishEventRequest)c.Request).Where(p => p.Topic == topic)];

    /// <summary>
    /// Reads the app's subscriptions as daprd does when the app comes up (<c>GET /dapr/subscribe</c>)
    /// and from then on delivers every accepted publish on a subscribed topic to the app's route.
    /// </summary>
    public async Task SubscribeAsync(string appId, Uri app, string? appApiToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app, "dapr/subscribe"));
        if (appApiToken is not null)
        {
            request.Headers.Add(DaprdCloudEvent.ApiTokenHeader, appApiToken);
        }

        using var response = await _apps.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var declared = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        lock (_lock)
        {
            foreach (var subscription in declared.OfType<JsonObject>())
            {
                // daprd reads these with Go's encoding/json, which matches field names case-insensitively.
                var route = Field(subscription, "route") ?? Field(subscription["routes"] as JsonObject, "default");
                if (Field(subscription, "pubsubname") is { } pubsub && Field(subscription, "topic") is { } topic && route is not null)
                {
                    _subscriptions.Add(new AppSubscription(appId, pubsub, topic, new Uri(app, route.TrimStart('/')), appApiToken));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _inFlight];
        }

        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _host.StopAsync();
        await _host.DisposeAsync();
        _apps.Dispose();
    }

    private void Route(PublishEventRequest published, string? traceParent)
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions.Where(s => s.PubSubName == published.PubsubName && s.Topic == published.Topic))
            {
                // Delivery is asynchronous to the publish, as with a broker in between.
                _inFlight.Add(Task.Run(() => DeliverAsync(subscription, published, traceParent)));
            }
        }
    }

    /// <param name="traceParent">
    /// The publish call's traceparent. daprd (tracing on) writes the publisher's trace into the CloudEvent's
    /// traceparent and the delivery's header (its own span of that trace; the double passes the caller's),
    /// and starts a new trace when the call carried none.
    /// </param>
    private async Task DeliverAsync(AppSubscription subscription, PublishEventRequest published, string? traceParent)
    {
        var data = published.DataContentType == "application/json" ? CloudEventData.Inline : CloudEventData.Base64;
        var trace = traceParent ?? DaprdCloudEvent.NewTraceParent();
        var envelope = DaprdCloudEvent.Envelope(published.Topic, _appId, published.Data.ToStringUtf8(), data, published.PubsubName, trace);
        using var request = DaprdCloudEvent.Request(subscription.Route, envelope, subscription.AppApiToken);
        SubscriberDelivery delivery;
        try
        {
            using var response = await _apps.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            delivery = new SubscriberDelivery(subscription.AppId, published.Topic, subscription.Route.AbsolutePath, (int)response.StatusCode, DaprdCloudEvent.StatusOf(body));
        }
        catch (HttpRequestException)
        {
            delivery = new SubscriberDelivery(subscription.AppId, published.Topic, subscription.Route.AbsolutePath, 0, null);
        }

        lock (_lock)
        {
            _deliveries.Add(delivery);
        }
    }

    private static string? Field(JsonObject? json, string name) =>
        json?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
        && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    private sealed record AppSubscription(string AppId, string PubSubName, string Topic, Uri Route, string? AppApiToken);
}
