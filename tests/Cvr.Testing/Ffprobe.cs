using System.Diagnostics;
using System.Globalization;

namespace Cvr.Testing;

/// <summary>Real ffprobe / ffmpeg runs for assertions about media.</summary>
public static class Ffprobe
{
    public static async Task<TimeSpan> DurationAsync(string path)
    {
        var (code, output, errors) = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]);
        return code == 0
            ? TimeSpan.FromSeconds(double.Parse(output.Trim(), CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"ffprobe failed on {path}: {errors}");
    }

    /// <summary>Runs it to the end (3 minutes at most); on cancellation or timeout it is killed.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
