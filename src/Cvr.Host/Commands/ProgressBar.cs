using System.Globalization;

namespace Cvr.Host.Commands;

/// <summary>
/// A progress bar on a terminal (redrawn in place with '\r'); when the writer is not a terminal (a file,
/// a pipe, a test) one line per tenth, so that logs stay short.
/// </summary>
public sealed class ProgressBar(TextWriter writer, bool interactive, string label)
{
    private const int Width = 30;
    private int _shown = -1;

    /// <summary>Shows <paramref name="share"/> (0 to 1) with a detail such as "12.3 of 40.0 MB".</summary>
    public async Task ShowAsync(double share, string detail)
    {
        var percent = (int)Math.Floor(Math.Clamp(share, 0, 1) * 100);
        var step = interactive ? percent : percent / 10 * 10;
        if (step == _shown)
        {
            return;
        }

        _shown = step;
        var filled = percent * Width / 100;
        var line = string.Create(CultureInfo.InvariantCulture, $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {detail}");
        await (interactive ? writer.WriteAsync("\r" + line) : writer.WriteLineAsync(line)).ConfigureAwait(false);
    }

    /// <summary>Ends the bar's line on a terminal.</summary>
    public async Task DoneAsync()
    {
        if (interactive && _shown >= 0)
        {
            await writer.WriteLineAsync().ConfigureAwait(false);
        }
    }
}
