using System.Net;
using System.Text;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// What a web page on another origin could make the operator's browser send: refused, even when it
/// carries the key, and nothing changes. Rates are limited per caller.
/// </summary>
public sealed class BrowserRequestTests : IAsyncLifetime
{
    private const string Instance = "api/graphInstances/from-a-page";
    private const string Body = """{"name":"from-a-page","properties":{"topologyName":"anything","parameters":[]}}""";
    private InProcessCvr _cvr = null!;

    public async Task InitializeAsync() => _cvr = await InProcessCvr.StartAsync(new Dictionary<string, string?>
    {
        ["Cvr:Http:PermitsPerSecond"] = "1",
        ["Cvr:Http:Burst"] = "60",
    });

    [Theory]
    [InlineData("text/plain", "https://evil.example")]
    [InlineData("application/x-www-form-urlencoded", "https://evil.example")]
    [InlineData("multipart/form-data; boundary=x", "https://evil.example")]
    [InlineData("text/plain", null)]
    [InlineData("application/x-www-form-urlencoded", null)]
    [InlineData("application/json", "https://evil.example")]
    public async Task ManagementPost_FromAPageOrNotJson_IsRefusedAndChangesNothing(string contentType, string? origin)
    {
        using var http = _cvr.Client(_cvr.Keys.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Instance, UriKind.Relative)) { Content = new StringContent(Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        using var after = await http.GetAsync(new Uri(Instance, UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task NoCorsPostFromAPage_WithoutBody_IsRefused()
    {
        // fetch(url, {method: 'POST', mode: 'no-cors'}): no body, no content type, the page's Origin.
        using var http = _cvr.Client(_cvr.Keys.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/graphInstances/any/deactivate", UriKind.Relative));
        request.Headers.Add("Origin", "http://localhost:3000");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SameOriginJson_IsServed()
    {
        using var http = _cvr.Client(_cvr.Keys.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/graphTopologies", UriKind.Relative));
        request.Headers.Add("Origin", _cvr.Address.GetLeftPart(UriPartial.Authority));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ManyRequests_OneCaller_Get429WithRetryAfter_OtherCallersAreServed()
    {
        using var viewer = _cvr.Client(_cvr.Keys.Viewer);
        using var operatorClient = _cvr.Client(_cvr.Keys.Operator);
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 1000 && refused is null; i++)
        {
            var response = await viewer.GetAsync(new Uri("api/assets", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var other = await operatorClient.GetAsync(new Uri("api/assets", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    public async Task DisposeAsync() => await _cvr.DisposeAsync();
}
