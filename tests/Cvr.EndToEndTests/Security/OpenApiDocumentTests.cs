using System.Net;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// /openapi/v1.json of the single process: a valid OpenAPI document that describes every route the
/// application maps (the UI's files, the document itself, its browser and the probes aside), each with
/// a summary and its answers.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    /// <summary>
    /// Routes that are not the API: the UI's files, the document and its browser, the probes, and the
    /// Prometheus exposition (a text format of its own, described in docs/observability.md).
    /// </summary>
    private static readonly string[] NotTheApi = ["/", "/ui/", "/openapi/", "/scalar", "/health", "/alive", "/metrics"];

    private InProcessCvr _cvr = null!;
    private OpenApiDocument _document = null!;

    public async Task InitializeAsync()
    {
        _cvr = await InProcessCvr.StartAsync();
        using var anonymous = _cvr.Client(null);
        using var response = await anonymous.GetAsync(new Uri("openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var read = await OpenApiDocument.LoadAsync(body, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        _document = read.Document!;
    }

    [Fact]
    public void Document_IsValidOpenApi()
    {
        Assert.Empty(_document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("Cvr", _document.Info.Title);
        Assert.Contains("bearer", _document.Components!.SecuritySchemes!.Keys);
    }

    [Fact]
    public void EveryMappedRoute_IsInTheDocument_WithASummary()
    {
        var routes = _cvr.Routes.SelectMany(e => RouteRequest.Of(e))
            .Where(r => !NotTheApi.Any(p => p == "/" ? r.Pattern == "/" : r.Pattern.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(routes.Count > 25, $"only {routes.Count} routes");

        foreach (var route in routes)
        {
            Assert.True(_document.Paths.TryGetValue(route.Pattern, out var path), $"{route} is not in the document");
            var operation = path.Operations?.FirstOrDefault(o => string.Equals(o.Key.Method, route.Method, StringComparison.OrdinalIgnoreCase)).Value;
            Assert.True(operation is not null, $"{route}: no {route.Method} operation");
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{route} has no summary");
            Assert.Contains("401", operation.Responses!.Keys);
            Assert.True(operation.Responses.Keys.Any(k => k.StartsWith('2')), $"{route} declares no success answer");
        }
    }

    [Theory]
    [InlineData("/api/assets/{asset}/availableMedia", "GET", "200 400 404")]
    [InlineData("/api/assets/{asset}/exports", "POST", "202 400 404")]
    [InlineData("/api/exports/{id}/clip.mp4", "GET", "200 404 409 410")]
    [InlineData("/api/graphInstances/{name}", "PUT", "200 201 204 400")]
    public void Operation_DeclaresItsAnswers(string route, string method, string statuses)
    {
        var operation = _document.Paths[route].Operations!.Single(o => string.Equals(o.Key.Method, method, StringComparison.OrdinalIgnoreCase)).Value;

        Assert.Subset(operation.Responses!.Keys.ToHashSet(), statuses.Split(' ').ToHashSet());
    }

    [Fact]
    public async Task Browser_IsServedFromCvrItself()
    {
        using var anonymous = _cvr.Client(null);

        var page = await anonymous.GetStringAsync(new Uri("scalar/", UriKind.Relative));

        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", page, StringComparison.OrdinalIgnoreCase);
        using var script = await anonymous.GetAsync(new Uri("scalar/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    public async Task DisposeAsync() => await _cvr.DisposeAsync();
}
