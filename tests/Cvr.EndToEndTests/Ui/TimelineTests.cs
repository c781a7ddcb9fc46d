using System.Globalization;
using System.Text.RegularExpressions;
using Cvr.Testing;
using Microsoft.Playwright;

namespace Cvr.EndToEndTests.Ui;

/// <summary>
/// The timeline page in headless Chromium against a real recording with a camera outage: what it draws,
/// playback from a clicked wall-clock instant, the export of a selected span, a refused key. Each test
/// leaves a screenshot at 1280 px in .cvr/test-results/screenshots.
/// </summary>
public sealed partial class TimelineTests(TimelineFixture recording) : IClassFixture<TimelineFixture>
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Timeline_RecordingWithACameraOutage_ShowsTwoRangesAndOneGapWithItsReason()
    {
        var (first, second) = (recording.Ranges[0], recording.Ranges[1]);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, first.Start - Margin, second.End + Margin);
        await timeline.WaitForMediaAsync();
        await timeline.ScreenshotAsync("timeline-two-ranges-one-gap");

        var ranges = await timeline.Page.Locator("#axis rect[data-kind=range]").AllAsync();
        var gaps = await timeline.Page.Locator("#axis rect[data-kind=gap]").AllAsync();
        Assert.Equal(2, ranges.Count);
        Assert.Single(gaps);
        Assert.Equal("CameraUnreachable", await gaps[0].GetAttributeAsync("data-reason"));
        Assert.InRange((Time(await gaps[0].GetAttributeAsync("data-start")) - first.End).Duration().TotalMilliseconds, 0, 1);
        Assert.InRange((Time(await gaps[0].GetAttributeAsync("data-end")) - second.Start).Duration().TotalMilliseconds, 0, 1);
        Assert.Equal(1, await timeline.Page.Locator("#legend li[data-reason=CameraUnreachable]").CountAsync());
        Assert.Contains(TimelineFixture.Instance, await timeline.Page.TextContentAsync("#assets"), StringComparison.Ordinal);
    }

    [Fact]
    public void CameraList_WhileTheCameraWasDown_SaidItsRecorderIsReconnectingToAnUnreachableCamera()
    {
        Assert.Matches("^(reconnecting|connecting): camera unreachable", recording.StateDuringOutage);
    }

    [Fact]
    public async Task Hover_OverTheSecondRange_ShowsAKeyframeThumbnail()
    {
        var (first, second) = (recording.Ranges[0], recording.Ranges[1]);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, first.Start - Margin, second.End + Margin);
        await timeline.WaitForMediaAsync();
        var (x, y) = await timeline.PointOfAsync(second.Start + ((second.End - second.Start) / 2));

        await timeline.Page.Mouse.MoveAsync(x, y);
        await timeline.WaitUntilAsync("() => { const i = document.getElementById('thumb'); return !i.hidden && i.complete && i.naturalWidth > 0; }", null, "a thumbnail shows");
        await timeline.ScreenshotAsync("timeline-hover-thumbnail");

        Assert.InRange(Time(await timeline.Page.GetAttributeAsync("#thumb", "data-time")), second.Start, second.End);
        Assert.Contains("UTC", await timeline.Page.TextContentAsync("#hoverText"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DayPicker_OfTheRecording_EnablesItsDayOnly()
    {
        var (first, second) = (recording.Ranges[0], recording.Ranges[1]);
        var recorded = first.Start.UtcDateTime.Date;
        var other = recorded.Day > 1 ? recorded.AddDays(-1) : second.End.UtcDateTime.Date.AddDays(1);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, first.Start - Margin, second.End + Margin);
        await timeline.WaitForMediaAsync();

        await timeline.Page.ClickAsync("#calendarToggle");
        var day = timeline.Page.Locator($"#calendar button[data-day='{recorded:yyyy-MM-dd}']");
        await day.WaitForAsync(new LocatorWaitForOptions { Timeout = TimelinePage.Timeout });
        await timeline.ScreenshotAsync("timeline-day-picker");

        Assert.True(await day.IsEnabledAsync());
        Assert.True(await timeline.Page.Locator($"#calendar button[data-day='{other:yyyy-MM-dd}']").IsDisabledAsync());
    }

    [Fact]
    public async Task Layout_At1024Pixels_FitsWithoutScrollingSideways()
    {
        var (first, second) = (recording.Ranges[0], recording.Ranges[1]);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, first.Start - Margin, second.End + Margin);
        await timeline.Page.SetViewportSizeAsync(1024, 768);
        await timeline.WaitForMediaAsync();
        await timeline.Page.Locator("#axis rect[data-kind=range]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = TimelinePage.Timeout });
        await timeline.ScreenshotAsync("timeline-1024px");

        Assert.True(await timeline.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        Assert.InRange((await timeline.Page.Locator("#axis").BoundingBoxAsync())!.Width, 600, 1024);
    }

    [Fact]
    public async Task Click_TenSecondsIntoTheSecondRange_PlaysFromThatWallClockTimeWithinASecond()
    {
        var second = recording.Ranges[1];
        var target = second.Start + TimeSpan.FromSeconds(10);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, target - TimeSpan.FromSeconds(30), target + TimeSpan.FromSeconds(30));
        await timeline.WaitForMediaAsync();
        var (x, y) = await timeline.PointOfAsync(target);

        await timeline.Page.Mouse.ClickAsync(x, y);
        await timeline.WaitUntilAsync(
            "() => { const v = document.getElementById('player'); const c = document.getElementById('clock'); return !v.paused && c.dataset.startMediaTime !== undefined && v.currentTime > Number(c.dataset.startMediaTime) + 0.2; }",
            null,
            "the video plays from the clicked time");
        var shown = Time(await timeline.Page.GetAttributeAsync("#clock", "data-utc"));
        await timeline.ScreenshotAsync("timeline-playing");

        Assert.InRange((shown - target).TotalSeconds, -1, 1);
        Assert.Matches(@"UTC · .* Europe/Berlin \(UTC\+01:00\)$", await timeline.Page.TextContentAsync("#clock"));
    }

    [Fact]
    public async Task Playback_ReachingTheGap_GoesOnAtTheNextRange()
    {
        var (first, second) = (recording.Ranges[0], recording.Ranges[1]);
        var target = first.End - TimeSpan.FromSeconds(2);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, target - TimeSpan.FromSeconds(30), target + TimeSpan.FromSeconds(30));
        await timeline.WaitForMediaAsync();
        var (x, y) = await timeline.PointOfAsync(target);

        await timeline.Page.Mouse.ClickAsync(x, y);
        await timeline.WaitUntilAsync(
            "after => { const c = document.getElementById('clock'); (window.shown ??= []).push(c.dataset.utc); return c.dataset.utc !== undefined && Date.parse(c.dataset.utc) >= Date.parse(after); }",
            (second.Start + TimeSpan.FromSeconds(1)).ToString("O", CultureInfo.InvariantCulture),
            "playback goes on past the gap");
        var shown = (await timeline.Page.EvaluateAsync<string?[]>("() => window.shown")).OfType<string>().Select(Time).ToList();

        Assert.Contains(shown, t => t < first.End);
        Assert.DoesNotContain(shown, t => t >= first.End + TimeSpan.FromMilliseconds(100) && t < second.Start);
    }

    [Theory]
    [InlineData(false, "/clip.mp4?start=")]
    [InlineData(true, "/api/exports/")]
    public async Task Export_ASelectedSpanOfSixSeconds_DownloadsAPlayableMp4OfThatDuration(bool asJob, string fetchedFrom)
    {
        var second = recording.Ranges[1];
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, second.Start - TimeSpan.FromSeconds(10), second.Start + TimeSpan.FromSeconds(50));
        await timeline.WaitForMediaAsync();
        var requested = new List<string>();
        timeline.Page.Request += (_, request) => requested.Add($"{request.Method} {request.Url}");
        var (x1, y) = await timeline.PointOfAsync(second.Start + TimeSpan.FromSeconds(3));
        var (x2, _) = await timeline.PointOfAsync(second.Start + TimeSpan.FromSeconds(9));

        await timeline.Page.Mouse.MoveAsync(x1, y);
        await timeline.Page.Mouse.DownAsync();
        await timeline.Page.Mouse.MoveAsync(x2, y, new MouseMoveOptions { Steps = 5 });
        await timeline.Page.Mouse.UpAsync();
        var exportButton = timeline.Page.Locator("#export");
        var selected = Time(await exportButton.GetAttributeAsync("data-end")) - Time(await exportButton.GetAttributeAsync("data-start"));
        await timeline.Page.Locator("#asJob").SetCheckedAsync(asJob);
        var download = await timeline.Page.RunAndWaitForDownloadAsync(() => exportButton.ClickAsync(), new PageRunAndWaitForDownloadOptions { Timeout = TimelinePage.Timeout });
        var file = Path.Combine(recording.Downloads, asJob ? "job" : "clip", download.SuggestedFilename);
        await download.SaveAsAsync(file);
        await timeline.ScreenshotAsync(asJob ? "timeline-exported-by-a-job" : "timeline-exported");

        Assert.Matches(ClipName(), download.SuggestedFilename);
        Assert.StartsWith(recording.Asset + "_", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.InRange(selected.TotalSeconds, 5, 7);
        Assert.Equal(asJob, requested.Any(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.EndsWith($"/api/assets/{recording.Asset}/exports", StringComparison.Ordinal)));
        Assert.Contains(requested, r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains(fetchedFrom, StringComparison.Ordinal) && r.Contains("clip.mp4", StringComparison.Ordinal));
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]);
        Assert.True(exitCode == 0 && errors.Length == 0, errors);
        Assert.InRange((await Ffprobe.DurationAsync(file) - selected).TotalSeconds, -0.2, 0.2);
    }

    [Fact]
    public async Task Keyboard_HomeShiftArrowsEnter_SelectsFromTheFirstRecordingAndPlaysAtTheCursor()
    {
        var (first, second) = (recording.Ranges[0], recording.Ranges[1]);
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, recording.Host.ViewerKey, recording.Asset, first.Start - Margin, second.End + Margin);
        await timeline.WaitForMediaAsync();
        await timeline.Page.FocusAsync("#axis");

        await timeline.Page.Keyboard.PressAsync("Home");
        for (var i = 0; i < 2; i++)
        {
            await timeline.Page.Keyboard.PressAsync("Shift+ArrowRight");
        }

        var selectionStart = Time(await timeline.Page.GetAttributeAsync("#export", "data-start"));
        await timeline.Page.Keyboard.PressAsync("Escape");
        await timeline.Page.Keyboard.PressAsync("Enter");
        await timeline.Page.WaitForFunctionAsync("() => document.getElementById('clock').dataset.utc !== undefined", null, new PageWaitForFunctionOptions { Timeout = TimelinePage.Timeout });
        var shown = Time(await timeline.Page.GetAttributeAsync("#clock", "data-utc"));

        Assert.InRange((selectionStart - first.Start).Duration().TotalMilliseconds, 0, 1);
        Assert.True(await timeline.Page.Locator("#export").IsDisabledAsync());
        var cursor = first.Start + (2 * (second.End - first.Start + (2 * Margin)) / 50);
        Assert.InRange((shown - (cursor < first.End ? cursor : second.Start)).TotalSeconds, -1, 1);
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_ReturnsToSignInSayingSo()
    {
        await using var timeline = await TimelinePage.OpenAsync(recording.Browser, recording.Host, "not-a-key");

        await timeline.Page.WaitForFunctionAsync("() => document.getElementById('signinError').textContent !== ''", null, new PageWaitForFunctionOptions { Timeout = TimelinePage.Timeout });
        await timeline.ScreenshotAsync("timeline-wrong-key");

        Assert.Contains("not accepted", await timeline.Page.TextContentAsync("#signinError"), StringComparison.Ordinal);
        Assert.True(await timeline.Page.Locator("#app").IsHiddenAsync());
        Assert.True(await timeline.Page.Locator("#booting").IsHiddenAsync());
    }

    private static DateTimeOffset Time(string? iso) => DateTimeOffset.Parse(iso ?? throw new InvalidOperationException("no time on the page"), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"_\d{8}T\d{6}Z\.mp4$")]
    private static partial Regex ClipName();
}
