using Cvr.Testing;
using Microsoft.Playwright;

namespace Cvr.EndToEndTests.Ui;

/// <summary>
/// A recording with a camera outage for the timeline UI, and one headless Chromium to look at it: the test
/// camera recorded until its session holds a few seconds, killed until the recorder has tried it again
/// and failed, started again on the same port and recorded until the second session holds more than
/// 16 s, then the instance deactivated: two ranges and one CameraUnreachable gap, as availableMedia shows.
/// </summary>
public sealed class TimelineFixture : IAsyncLifetime
{
    public const string Instance = "timeline-gate";
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private IPlaywright? _playwright;

    public CvrHostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Asset => CvrHostProcess.AssetName(Instance);

    /// <summary>The asset's two recorded ranges, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Ranges { get; private set; } = [];

    /// <summary>What the page's camera list said of the camera while it was down (its state cell), or why it said nothing.</summary>
    public string StateDuringOutage { get; private set; } = "";

    /// <summary>Where downloads of the tests go (deleted with the fixture).</summary>
    public string Downloads => Path.Combine(_folder.Path, "downloads");

    private CacheWatch Cache => new(Path.Combine(_folder.Path, "cache"));

    public async Task InitializeAsync()
    {
        var launching = LaunchAsync();
        _camera = await TestCamera.StartAsync(_folder.Path);
        Host = await CvrHostProcess.StartAsync(_folder.Path);
        await Host.RecordAsync(Instance, _camera.Url, Cache.CachePath);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.LiveFragments >= 3), Eventually.Bound, "the first session holds three fragments");

        var session = Cache.LiveSessions.Single();
        var port = _camera.Port;
        await _camera.DisposeAsync();
        await Eventually.WaitAsync(
            async () => await Host.RecordingStatusAsync(Instance) is { } status
                && status["sessionId"]?.GetValue<string>() != Path.GetFileName(session)
                && status["consecutiveFailures"]?.GetValue<int>() >= 1,
            Eventually.Bound,
            "the recorder tried the killed camera again and failed");
        Browser = await launching;
        StateDuringOutage = await CameraStateOnThePageAsync();
        _camera = await TestCamera.StartAsync(_folder.Path, port);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.LiveSessions.Length == 1 && Cache.LiveSessions[0] != session), Eventually.Bound, "a second session receives media");
        await Eventually.WaitAsync(SecondSessionHoldsEighteenSecondsAsync, Eventually.Bound, "the second session holds 18 s");
        await Host.DeactivateAsync(Instance);

        Ranges = await Eventually.WaitAsync(
            async () => await Host.AvailableMediaAsync(Asset) is { Count: 2 } ranges && (await Host.GapsAsync(Asset)).Count == 1 ? ranges : null,
            Eventually.Bound,
            "availableMedia shows two ranges and one gap");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>The camera's state cell on the page once it shows a reason (a screenshot too); what it shows after the bound otherwise.</summary>
    private async Task<string> CameraStateOnThePageAsync()
    {
        await using var page = await TimelinePage.OpenAsync(Browser, Host, Host.ViewerKey);
        var state = page.Page.Locator("#assets .state").First;
        try
        {
            await page.Page.WaitForFunctionAsync("() => /unreachable/.test(document.querySelector('#assets .state')?.textContent ?? '')", null, new PageWaitForFunctionOptions { Timeout = TimelinePage.Timeout });
        }
        catch (TimeoutException)
        {
            return $"(after {Eventually.Bound}) {await state.TextContentAsync()}";
        }

        await page.ScreenshotAsync("timeline-camera-down");
        return await state.TextContentAsync() ?? "";
    }

    /// <summary>
    /// Its sealed range as the catalog lists it plus the fragments of its live file: a segment sealed at a
    /// clock boundary leaves the live count. Read in that order, a seal in between is missed, never counted twice.
    /// </summary>
    private async Task<bool> SecondSessionHoldsEighteenSecondsAsync()
    {
        var ranges = await Host.AvailableMediaAsync(Asset);
        var sealedSeconds = ranges.Count >= 2 ? (ranges[^1].End - ranges[^1].Start).TotalSeconds : 0;
        return sealedSeconds + (Cache.LiveFragments * TestCamera.Gop.TotalSeconds) >= 18;
    }

    private async Task<IBrowser> LaunchAsync()
    {
        _playwright = await Playwright.CreateAsync();
        return await HeadlessChromium.LaunchAsync(_playwright);
    }
}
