using System.Diagnostics;

namespace Cvr.Catalog.Clips;

/// <summary>
/// ffmpeg fed through its stdin: nothing of the media's origin (a store's URL, a key) is in its argv.
/// ffmpeg may stop reading before the feed ends (it has what it needs): that is not a failure.
/// </summary>
public static class FfmpegPipe
{
    /// <summary>How long ffmpeg may take to exit after it stopped reading, before the broken pipe counts as a failure.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs ffmpeg with <paramref name="arguments"/>, writes <paramref name="feed"/> to its stdin, hands each
    /// line of its stdout to <paramref name="line"/>; returns its exit code and what it wrote to stderr.
    /// Cancelled, or the feed failing, kills it.
    /// </summary>
    public static async Task<(int ExitCode, string Errors)> RunAsync(
        string ffmpegPath, IEnumerable<string> arguments, Func<Stream, CancellationToken, Task> feed, Action<string>? line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(feed);
        var info = new ProcessStartInfo(ffmpegPath) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = ReadLinesAsync(process.StandardOutput, line);
        try
        {
            await FeedAsync(process, feed, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await output.ConfigureAwait(false);
        return (process.ExitCode, (await errors.ConfigureAwait(false)).Trim());
    }

    private static async Task ReadLinesAsync(StreamReader lines, Action<string>? line)
    {
        while (await lines.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } text)
        {
            line?.Invoke(text);
        }
    }

    private static async Task FeedAsync(Process process, Func<Stream, CancellationToken, Task> feed, CancellationToken cancellationToken)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            await feed(stdin, cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ffmpeg stops reading once it has what it needs: the rest of the feed is not needed. Any other
            // reason it stopped reading shows in its exit code.
            if (!await ExitsSoonAsync(process).ConfigureAwait(false))
            {
                throw;
            }
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // Already closed by ffmpeg's exit.
            }
        }
    }

    private static async Task<bool> ExitsSoonAsync(Process process)
    {
        using var wait = new CancellationTokenSource(ExitGrace);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
