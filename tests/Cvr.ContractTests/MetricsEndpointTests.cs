using System.Net;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;

namespace Cvr.ContractTests;

/// <summary>
/// <c>GET /metrics</c> of a service as Prometheus scrapes it: behind a viewer key like every other API,
/// unless <c>Cvr:Metrics:AnonymousScrape</c> lets a caller without one in.
/// </summary>
public class MetricsEndpointTests
{
    private const string ViewerKey = "contract-tests-viewer-key";

    [Fact]
    public async Task Metrics_NoKeyByDefault_IsRefused()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar, Keys());
        using var anonymous = new HttpClient { BaseAddress = uploader.Address };

        using var response = await anonymous.GetAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_ViewerKey_ServesPrometheusTextWithTheService()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar, Keys());
        using var viewer = new HttpClient { BaseAddress = uploader.Address };
        viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ViewerKey);

        using var response = await viewer.GetAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("service_name=\"uploader\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_OtelServiceNameSet_NamesTheServiceInstead()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar, Keys(("OTEL_SERVICE_NAME", "edge-7-uploader")));
        using var viewer = new HttpClient { BaseAddress = uploader.Address };
        viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ViewerKey);

        var text = await viewer.GetStringAsync(new Uri("metrics", UriKind.Relative));

        Assert.Contains("service_name=\"edge-7-uploader\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Loopback")]
    [InlineData("Any")]
    public async Task Metrics_AnonymousScrapeOpen_ServesLoopbackCallerWithoutKey(string access)
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("uploader");
        await using var uploader = await CvrServiceHost.StartAsync(CvrService.Uploader, sidecar, Keys(("Cvr:Metrics:AnonymousScrape", access)));
        using var anonymous = new HttpClient { BaseAddress = uploader.Address };

        using var response = await anonymous.GetAsync(new Uri("metrics", UriKind.Relative));
        using var api = await anonymous.GetAsync(new Uri("api/cache", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode); // only /metrics is opened
    }

    private static Dictionary<string, string?> Keys(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Cvr:Keys:Viewer"] = ViewerKey };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}
