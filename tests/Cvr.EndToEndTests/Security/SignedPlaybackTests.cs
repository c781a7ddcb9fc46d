using System.Net;
using Cvr.Testing;
using Microsoft.Playwright;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// Playback as players do it, with no header: a URL from <c>POST playbackUrl</c> plays in ffmpeg and in
/// headless Chromium with hls.js (Cvr's own page, signed in with the viewer key); its token opens no
/// other asset and stops working when it expires.
/// </summary>
public sealed class SignedPlaybackTests(PlaybackFixture playback) : IClassFixture<PlaybackFixture>
{
    [Fact]
    public async Task PlaybackUrl_PlaysInFfmpegWithoutAHeader()
    {
        using var viewer = playback.Host.Client(playback.Host.ViewerKey);
        var url = await playback.Host.PlaybackUrlAsync(playback.Asset, client: viewer);

        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "null", "-"]);

        Assert.True(exitCode == 0 && string.IsNullOrWhiteSpace(errors), errors);
        Assert.DoesNotContain(playback.Host.ViewerKey, url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybackToken_ForAnotherAsset_Is403()
    {
        var url = (await playback.Host.PlaybackUrlAsync(playback.Asset)).ToString();
        using var anonymous = playback.Host.Client(null);

        using var own = await anonymous.GetAsync(new Uri(url));
        using var other = await anonymous.GetAsync(new Uri(url.Replace($"/assets/{playback.Asset}/", "/assets/another-camera/", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task PlaybackToken_AfterItExpires_Is401()
    {
        var url = await playback.Host.PlaybackUrlAsync(playback.Asset);
        using var anonymous = playback.Host.Client(null);
        using (var fresh = await anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        await Eventually.WaitAsync(
            async () =>
            {
                using var response = await anonymous.GetAsync(url);
                return response.StatusCode == HttpStatusCode.Unauthorized;
            },
            PlaybackFixture.TokenLifetime + Eventually.Bound,
            "the playback URL expires");
    }

    [Fact]
    public async Task Playlist_FetchedWithAKey_CarriesTokensThatOpenItsMedia()
    {
        var playlist = await playback.Host.Http.GetStringAsync(new Uri($"api/assets/{playback.Asset}/playlist.m3u8", UriKind.Relative));
        var media = playlist.Split('\n').Where(l => l.StartsWith("segments/", StringComparison.Ordinal)).ToList();
        var playlistUrl = new Uri(playback.Host.Address, $"api/assets/{playback.Asset}/playlist.m3u8");
        using var anonymous = playback.Host.Client(null);

        Assert.NotEmpty(media);
        Assert.All(media, line => Assert.Contains("token=", line, StringComparison.Ordinal));
        using var response = await anonymous.GetAsync(new Uri(playlistUrl, media[0]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PlaybackUrl_PlaysInChromiumWithHlsJs_FromThePageSignedInWithTheViewerKey()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync(playback.Host.Address.ToString());
        await page.FillAsync("#key", playback.Host.ViewerKey);
        await page.ClickAsync("#signin button");
        await page.WaitForSelectorAsync("#assets tr:nth-child(2)", new PageWaitForSelectorOptions { Timeout = (float)Eventually.Bound.TotalMilliseconds });
        await page.EvaluateAsync("asset => play(asset)", playback.Asset);
        await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 1", null, new PageWaitForFunctionOptions { Timeout = (float)Eventually.Bound.TotalMilliseconds });

        Assert.Contains(requested, u => u.Contains("/playlist.m3u8?", StringComparison.Ordinal) && u.Contains("token=", StringComparison.Ordinal));
        Assert.DoesNotContain(requested, u => u.Contains(playback.Host.ViewerKey, StringComparison.Ordinal));
    }
}
