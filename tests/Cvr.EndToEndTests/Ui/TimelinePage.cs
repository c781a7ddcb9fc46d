using System.Globalization;
using Cvr.Testing;
using Microsoft.Playwright;

namespace Cvr.EndToEndTests.Ui;

/// <summary>The timeline page in a 1280 px wide tab in Berlin, signed in, showing a window of an asset; pixels of its time axis.</summary>
public sealed class TimelinePage(IPage page) : IAsyncDisposable
{
    public static readonly float Timeout = (float)Eventually.Bound.TotalMilliseconds;

    public IPage Page { get; } = page;

    public static async Task<TimelinePage> OpenAsync(IBrowser browser, CvrHostProcess host, string key, string? asset = null, DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(host);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            TimezoneId = "Europe/Berlin", // local time differs from UTC, so that the page must label both
        });
        var page = await context.NewPageAsync();
        var link = asset is null ? "" : $"#asset={Uri.EscapeDataString(asset)}&start={Iso(start!.Value)}&end={Iso(end!.Value)}";
        await page.GotoAsync(new Uri(host.Address, "/" + link).ToString());
        await page.FillAsync("#key", key);
        await page.ClickAsync("#signin button");
        return new TimelinePage(page);
    }

    /// <summary>Waits until the axis shows the view asked for with its media loaded (data-ranges set).</summary>
    public async Task WaitForMediaAsync() =>
        await Page.WaitForSelectorAsync("#axis[data-ranges]", new PageWaitForSelectorOptions { Timeout = Timeout });

    /// <summary>The page's point on the axis (viewport px) for wall-clock time t, from the view it shows.</summary>
    public async Task<(float X, float Y)> PointOfAsync(DateTimeOffset t)
    {
        var axis = await Page.QuerySelectorAsync("#axis") ?? throw new InvalidOperationException("no #axis");
        var box = await axis.BoundingBoxAsync() ?? throw new InvalidOperationException("#axis is not shown");
        var start = DateTimeOffset.Parse((await axis.GetAttributeAsync("data-view-start"))!, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse((await axis.GetAttributeAsync("data-view-end"))!, CultureInfo.InvariantCulture);
        var share = (t - start) / (end - start);
        return ((float)(box.X + 1 + (share * (box.Width - 2))), box.Y + (box.Height / 2));
    }

    /// <summary>
    /// Waits until the page's expression holds; when it does not within the bound, fails saying what the page
    /// said (its status lines and player clock) and leaves a screenshot named after the wait.
    /// </summary>
    public async Task WaitUntilAsync(string expression, object? argument, string because)
    {
        try
        {
            await Page.WaitForFunctionAsync(expression, argument, new PageWaitForFunctionOptions { Timeout = Timeout, PollingInterval = 20 });
        }
        catch (TimeoutException timeout)
        {
            await ScreenshotAsync("failed-" + string.Concat(because.Where(char.IsAsciiLetterOrDigit)));
            var said = await Page.EvaluateAsync<string>("() => ['now', 'mediaState', 'problems', 'clock'].map(id => id + ': ' + (document.getElementById(id)?.textContent ?? '')).join('; ')");
            throw new TimeoutException($"Timed out waiting until {because}; the page said {said}", timeout);
        }
    }

    /// <summary>Saves a screenshot of the page into .cvr/test-results/screenshots (kept as a test artifact).</summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepositoryPaths.Root, ".cvr", "test-results", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
