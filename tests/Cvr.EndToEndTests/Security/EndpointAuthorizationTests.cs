using System.Net;
using Cvr.Platform.Security;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// Every route of the application's endpoint data source, enumerated here so that a new route cannot be
/// forgotten: 401 without credentials (health and the sign-in page excepted), 403 with a role or token
/// that may not use it, never 401/403 for the role that may.
/// </summary>
public sealed class EndpointAuthorizationTests : IAsyncLifetime
{
    /// <summary>Open to anyone: probes, the UI's page, style sheet and scripts, the OpenAPI document (they hold no data).</summary>
    private static readonly HashSet<string> Open = ["GET /health", "GET /alive", "GET /", "GET /ui/hls.min.js", "GET /ui/timeline.css", "GET /ui/{module}.js", "GET /openapi/v1.json"];

    /// <summary>Open too: the page that browses the OpenAPI document, and its scripts and images.</summary>
    private const string OpenBrowser = "GET /scalar";

    /// <summary>What a viewer may use; everything else needs an operator.</summary>
    private static readonly HashSet<string> ForViewers =
    [
        "GET /api/assets", "GET /api/assets/{asset}/availableMedia", "GET /api/assets/{asset}/segments", "POST /api/assets/{asset}/playbackUrl",
        "GET /api/assets/{asset}/master.m3u8", "GET /api/assets/{asset}/playlist.m3u8", "GET /api/assets/{asset}/segments/{file}", "GET /api/assets/{asset}/segments/{file}/init.mp4",
        "GET /api/assets/{asset}/segments/{file}/media.m4s", "GET /api/assets/{asset}/clip.mp4", "GET /api/cache", "GET /api/graphInstances", "GET /api/graphInstances/{name}",
        "POST /api/assets/{asset}/exports", "GET /api/exports", "GET /api/exports/{id}", "GET /api/exports/{id}/clip.mp4", "DELETE /api/exports/{id}",
        "GET /api/assets/{asset}/thumbnail.jpg", "GET /metrics",
    ];

    /// <summary>What a playback token of the route's asset opens.</summary>
    private static readonly HashSet<string> ForPlayers =
    [
        "GET /api/assets/{asset}/master.m3u8", "GET /api/assets/{asset}/playlist.m3u8", "GET /api/assets/{asset}/segments/{file}", "GET /api/assets/{asset}/segments/{file}/init.mp4",
        "GET /api/assets/{asset}/segments/{file}/media.m4s",
    ];

    private InProcessCvr _cvr = null!;

    private IReadOnlyList<RouteRequest> Requests => [.. _cvr.Routes.SelectMany(e => RouteRequest.Of(e))];

    public async Task InitializeAsync() => _cvr = await InProcessCvr.StartAsync();

    [Fact]
    public void Routes_AreAllKnownToThisTest()
    {
        // The lists above name routes that exist (they would go stale otherwise); everything else is an operator's.
        Assert.True(Requests.Count > 20, $"only {Requests.Count} routes found");
        Assert.Subset(Requests.Select(r => r.ToString()).ToHashSet(), Open.Concat(ForViewers).ToHashSet());
        Assert.Contains(Requests, IsOpen);
    }

    [Fact]
    public async Task EveryRoute_WithoutCredentials_Is401WithAChallengeAndProblemDetails()
    {
        using var anonymous = _cvr.Client(null);
        foreach (var request in Requests.Where(r => !IsOpen(r)))
        {
            using var message = request.ToMessage();
            using var response = await anonymous.SendAsync(message);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{request}: {(int)response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task OpenRoutes_WithoutCredentials_Answer()
    {
        using var anonymous = _cvr.Client(null);
        foreach (var request in Requests.Where(IsOpen))
        {
            using var message = request.ToMessage();
            using var response = await anonymous.SendAsync(message);

            Assert.True(response.IsSuccessStatusCode, $"{request}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryRoute_WithAnUnknownKey_Is401AndNeverEchoesIt()
    {
        const string Forged = "forged-key-0b9d7c";
        using var forger = _cvr.Client(Forged);
        foreach (var request in Requests.Where(r => !IsOpen(r)))
        {
            using var message = request.ToMessage();
            using var response = await forger.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{request}: {(int)response.StatusCode}");
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Forged, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OperatorRoutes_WithTheViewerKey_Are403_ViewerRoutesAreServed()
    {
        using var viewer = _cvr.Client(_cvr.Keys.Viewer);
        foreach (var request in Requests.Where(r => !IsOpen(r)))
        {
            using var message = request.ToMessage();
            using var response = await viewer.SendAsync(message);

            if (ForViewers.Contains(request.ToString()))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{request}: {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{request}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task EveryRoute_WithTheOperatorKey_IsNeverRefused()
    {
        using var operatorClient = _cvr.Client(_cvr.Keys.Operator);
        foreach (var request in Requests)
        {
            using var message = request.ToMessage();
            using var response = await operatorClient.SendAsync(message);

            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{request}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task PlaybackToken_OpensOnlyItsAssetsMedia_Elsewhere403()
    {
        var tokens = (PlaybackTokens)_cvr.Services.GetService(typeof(PlaybackTokens))!;
        var (token, _) = tokens.Mint(new PlaybackScope(RouteRequest.Asset, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100)));
        using var player = _cvr.Client(null);
        foreach (var endpoint in _cvr.Routes)
        {
            foreach (var (request, own) in RouteRequest.Of(endpoint).Select(r => (r, true)).Concat(RouteRequest.Of(endpoint, "another-asset").Select(r => (r, false))))
            {
                if (IsOpen(request) || (!own && !request.Pattern.Contains("{asset}", StringComparison.Ordinal)))
                {
                    continue;
                }

                using var message = request.ToMessage($"?token={token}");
                using var response = await player.SendAsync(message);

                if (own && ForPlayers.Contains(request.ToString()))
                {
                    Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{request} ({RouteRequest.Asset}): {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{request} ({(own ? RouteRequest.Asset : "another-asset")}): {(int)response.StatusCode}");
                }
            }
        }
    }

    [Fact]
    public async Task PlaybackToken_Forged_Is401()
    {
        using var player = _cvr.Client(null);
        using var response = await player.GetAsync(new Uri($"api/assets/{RouteRequest.Asset}/playlist.m3u8?token=bm90LWEtdG9rZW4", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public async Task DisposeAsync() => await _cvr.DisposeAsync();

    private static bool IsOpen(RouteRequest request) =>
        Open.Contains(request.ToString()) || request.ToString().StartsWith(OpenBrowser + "/", StringComparison.Ordinal);
}
