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

    /// <summary>Every packet of the file (or playlist), in demuxing order, with times in its stream's time base.</summary>
    public static async Task<IReadOnlyList<Packet>> PacketsAsync(string path)
    {
        var (code, output, errors) = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "packet=stream_index,dts,pts,duration,pos,size", "-of", "csv=p=0", path]);
        if (code != 0 || errors.Length > 0)
        {
            throw new InvalidOperationException($"ffprobe failed on {path}: {errors}");
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Packet.Parse)];
    }

    /// <summary>Runs it to the end (within <paramref name="timeout"/>, 3 minutes unless told); on cancellation or timeout it is killed.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
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
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(3)); // Timeout.InfiniteTimeSpan: no limit
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>One packet as ffprobe shows it; <c>Pos</c> is -1 when the demuxer does not know it.</summary>
    public sealed record Packet(int StreamIndex, long Pts, long Dts, long Duration, long Pos, long Size)
    {
        public static Packet Parse(string line)
        {
            ArgumentNullException.ThrowIfNull(line);

            // stream_index,pts,dts,duration,size,pos: ffprobe's order, whatever the order asked.
            var f = line.Split(',');
            return new Packet(int.Parse(f[0], CultureInfo.InvariantCulture), Number(f[1]), Number(f[2]), Number(f[3]), Number(f[5]), Number(f[4]));
        }

        private static long Number(string field) => long.TryParse(field, CultureInfo.InvariantCulture, out var value) ? value : -1;
    }
}
