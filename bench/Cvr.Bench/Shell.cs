using System.Diagnostics;

namespace Cvr.Bench;

/// <summary>Runs a short command for the report (free -g, ffmpeg -version) and returns its output.</summary>
internal static class Shell
{
    public static async Task<string> OutputAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return string.Empty;
            }

            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            return (await output.ConfigureAwait(false)).TrimEnd();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"({file}: {ex.Message})";
        }
    }
}
