using System.Text.Json.Nodes;
using Cvr.ContractTests.Delivery;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;

namespace Cvr.ContractTests;

/// <summary>
/// With APP_API_TOKEN configured (the same value daprd is given), daprd sends <c>dapr-api-token</c> on
/// every call to the app; anything else calling the Dapr-facing endpoints is refused with 401 and has
/// no effect, while the health endpoints stay open for the kubelet.
/// </summary>
public class AppApiTokenTests
{
    private const string Token = "app-token-4a7c1e";

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task Catalog_EventWithoutRightToken_Answers401AndHasNoEffect(string? presented)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar, TokenSettings());

        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(3), apiToken: presented);
        var deadLetter = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/deadletters/catalog", "catalog-deadletters", WireEvents.SegmentSealed(3), apiToken: presented);

        Assert.Equal(401, answer.HttpStatus);
        Assert.Equal(401, deadLetter.HttpStatus);
        Assert.Empty(JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri("api/assets", UriKind.Relative)))!["value"]!.AsArray());
        Assert.Empty(sidecar.DataWrites());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Catalog_DaprSubscribeWithoutRightToken_Answers401(string? presented)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar, TokenSettings());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("dapr/subscribe", UriKind.Relative));
        if (presented is not null)
        {
            request.Headers.Add(DaprdCloudEvent.ApiTokenHeader, presented);
        }

        using var response = await catalog.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Catalog_CallsWithRightToken_AreServed()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar, TokenSettings());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("dapr/subscribe", UriKind.Relative));
        request.Headers.Add(DaprdCloudEvent.ApiTokenHeader, Token);

        using var subscribe = await catalog.Http.SendAsync(request);
        var answer = await DaprdCloudEvent.DeliverAsync(catalog.Http, "events/segment-sealed", "segment-sealed", WireEvents.SegmentSealed(3), apiToken: Token);

        Assert.Equal(200, (int)subscribe.StatusCode);
        Assert.NotEmpty(JsonNode.Parse(await subscribe.Content.ReadAsStringAsync())!.AsArray());
        Assert.Equal((200, "SUCCESS"), (answer.HttpStatus, answer.Status));
        Assert.Single(JsonNode.Parse(await catalog.Http.GetStringAsync(new Uri("api/assets", UriKind.Relative)))!["value"]!.AsArray());
    }

    [Theory]
    [InlineData("health")]
    [InlineData("alive")]
    public async Task Catalog_HealthWithTokenConfigured_StaysOpen(string path)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("catalog");
        await using var catalog = await CvrServiceHost.StartAsync(CvrService.Catalog, sidecar, TokenSettings());

        using var response = await catalog.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }

    private static Dictionary<string, string?> TokenSettings() => new() { ["APP_API_TOKEN"] = Token };
}
