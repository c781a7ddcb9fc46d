using System.Text.Json.Nodes;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;

namespace Cvr.ContractTests;

/// <summary>
/// daprd learns what an app subscribes to from <c>GET /dapr/subscribe</c> when the app comes up (a 404
/// means "nothing"): a JSON array of {pubsubname, topic, route | routes, deadLetterTopic, metadata}.
/// The answers are pinned in Golden/ and compared structurally (order of entries and of fields aside).
/// </summary>
public class SubscribeDiscoveryTests
{
    [Theory]
    [InlineData("ingest")]
    [InlineData("segmenter")]
    [InlineData("uploader")]
    [InlineData("catalog")]
    public async Task DaprSubscribe_EachService_MatchesGolden(string appId)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync(appId);
        await using var app = await CvrServiceHost.StartAsync(CvrService.Named(appId), sidecar);

        using var response = await app.Http.GetAsync(new Uri("dapr/subscribe", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var expected = Normalize(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", $"subscribe.{appId}.json")))!);
        var actual = Normalize(JsonNode.Parse(body)!);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"GET /dapr/subscribe of {appId} differs from Golden/subscribe.{appId}.json.\nExpected: {expected.ToJsonString()}\nActual:   {actual.ToJsonString()}");
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("segmenter")]
    [InlineData("uploader")]
    [InlineData("catalog")]
    public async Task DaprSubscribe_EveryDeclaredRoute_IsServedNeverAnswered404(string appId)
    {
        // daprd drops a message whose route answers 404: each route it is told about must exist.
        await using var sidecar = await DaprdSidecarDouble.StartAsync(appId);
        await using var app = await CvrServiceHost.StartAsync(CvrService.Named(appId), sidecar);
        var subscriptions = JsonNode.Parse(await app.Http.GetStringAsync(new Uri("dapr/subscribe", UriKind.Relative)))!.AsArray();
        Assert.NotEmpty(subscriptions);

        foreach (var subscription in subscriptions.OfType<JsonObject>())
        {
            var route = subscription["route"]!.GetValue<string>();
            var topic = subscription["topic"]!.GetValue<string>();

            // A JSON string is no event of any topic: dropped by an event route, recorded by the dead-letter route.
            var answer = await DaprdCloudEvent.DeliverAsync(app.Http, route, topic, "\"not an event\"");

            Assert.True(answer.HttpStatus == 200, $"POST /{route} ({topic}) answered {answer}");
            Assert.Contains(answer.Status, new[] { "SUCCESS", "DROP" });
        }
    }

    /// <summary>Entries sorted by topic, fields sorted by name: daprd cares about neither order.</summary>
    private static JsonArray Normalize(JsonNode subscriptions) =>
        [.. subscriptions.AsArray()
            .OfType<JsonObject>()
            .OrderBy(s => s["topic"]?.GetValue<string>(), StringComparer.Ordinal)
            .Select(s => (JsonNode)new JsonObject(s.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))))];
}
