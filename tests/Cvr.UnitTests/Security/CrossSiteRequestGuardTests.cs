using Cvr.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cvr.UnitTests.Security;

public class CrossSiteRequestGuardTests
{
    [Theory]
    [InlineData("GET", null, null, 0, true)]
    [InlineData("GET", "https://evil.example", null, 0, true)]
    [InlineData("POST", null, null, 0, true)]
    [InlineData("POST", null, "application/json", 2, true)]
    [InlineData("PUT", null, "application/json; charset=utf-8", 2, true)]
    [InlineData("POST", null, "application/cloudevents+json", 2, true)]
    [InlineData("POST", "http://cvr.local:8080", "application/json", 2, true)]
    [InlineData("POST", "https://allowed.example", "application/json", 2, true)]
    [InlineData("POST", "https://evil.example", null, 0, false)]
    [InlineData("POST", "https://evil.example", "application/json", 2, false)]
    [InlineData("POST", "null", "application/json", 2, false)]
    [InlineData("PUT", null, "text/plain", 2, false)]
    [InlineData("POST", null, "application/x-www-form-urlencoded", 2, false)]
    [InlineData("POST", null, "multipart/form-data; boundary=x", 2, false)]
    [InlineData("DELETE", null, null, 2, false)]
    public async Task Request_IsPassedOnOnlyWhenNoPageOfAnotherOriginCouldHaveSentIt(string method, string? origin, string? contentType, long length, bool passes)
    {
        var context = Context(method, origin, contentType, length);
        var called = false;
        var options = new OptionsMonitorStub(new HttpOptions());
        options.CurrentValue.AllowedOrigins.Add("https://allowed.example");
        var guard = new CrossSiteRequestGuard(_ => { called = true; return Task.CompletedTask; }, options);

        await guard.InvokeAsync(context);

        Assert.Equal(passes, called);
        Assert.True(passes || context.Response.StatusCode is 403 or 415, $"{context.Response.StatusCode}");
    }

    [Fact]
    public async Task Post_MarkedCrossSiteByTheBrowser_IsRefused()
    {
        var context = Context("POST", null, null, 0);
        context.Request.Headers["Sec-Fetch-Site"] = "cross-site";
        var called = false;
        var guard = new CrossSiteRequestGuard(_ => { called = true; return Task.CompletedTask; }, new OptionsMonitorStub(new HttpOptions()));

        await guard.InvokeAsync(context);

        Assert.False(called);
        Assert.Equal(403, context.Response.StatusCode);
    }

    private static DefaultHttpContext Context(string method, string? origin, string? contentType, long length)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddOptions().AddProblemDetails().BuildServiceProvider() };
        context.Request.Method = method;
        context.Request.Host = new HostString("cvr.local", 8080);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = length;
        context.Response.Body = new MemoryStream();
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        return context;
    }

    private sealed class OptionsMonitorStub(HttpOptions value) : IOptionsMonitor<HttpOptions>
    {
        public HttpOptions CurrentValue { get; } = value;

        public HttpOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<HttpOptions, string?> listener) => null;
    }
}
