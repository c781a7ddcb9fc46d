using Microsoft.Playwright;

namespace Cvr.EndToEndTests;

/// <summary>Debian's Chromium (<c>/usr/bin/chromium</c>, no browser download), headless, quiet, allowed to autoplay.</summary>
internal static class HeadlessChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--allow-file-access-from-files",
        ],
    });
}
