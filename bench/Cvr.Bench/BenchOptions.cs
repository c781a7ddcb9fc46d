using System.Globalization;

namespace Cvr.Bench;

/// <summary>The harness's command line.</summary>
internal sealed record BenchOptions(
    IReadOnlyList<int> Cameras,
    BenchStream Stream,
    TimeSpan Window,
    TimeSpan WarmUp,
    ReadyWhen Ready,
    string? Output,
    string? Json,
    bool Keep,
    IReadOnlyList<string> Arguments)
{
    public const string Usage =
        """
        usage: dotnet run -c Release --project bench/Cvr.Bench -- [options]

          --cameras LIST     camera counts to measure, e.g. 1,8,32 (default 1,8,32)
          --stream KIND      what every camera sends, and bare ffmpeg does the same with it:
                             h264 (default: H.264 alone, stream copy), h265 (H.265, stream copy
                             with -tag:v hvc1) or h264-pcmu (H.264 + G.711 µ-law audio, video
                             copied and audio transcoded to AAC at 32 kbit/s)
          --seconds S        measuring window per scenario, in seconds (default 60)
          --ready WHEN       when the warm-up starts: first-segment (default: every recorder has closed
                             its first segment, so cvr's first seal and upload are behind it) or
                             first-file (every recorder has created its first segment file)
          --warmup S         wait after that, before the window (default 60: the host's JIT
                             recompiles hot methods for a minute or two after start)
          --output FILE      replace FILE with a Markdown section (date, machine, command, table, method)
          --json FILE        also write the raw measurements as JSON
          --keep             keep the temporary folder (/tmp/cvr-bench-*) with logs and recordings
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        IReadOnlyList<int> cameras = [1, 8, 32];
        var stream = BenchStream.H264;
        var window = TimeSpan.FromSeconds(60);
        var warmUp = TimeSpan.FromSeconds(60);
        var ready = ReadyWhen.FirstSegment;
        string? output = null;
        string? json = null;
        var keep = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--cameras":
                    cameras = ParseCounts(Value());
                    break;
                case "--stream":
                    stream = BenchStream.Parse(Value());
                    break;
                case "--seconds":
                    window = ParseSeconds("--seconds", Value(), minimum: 1);
                    break;
                case "--warmup":
                    warmUp = ParseSeconds("--warmup", Value(), minimum: 0);
                    break;
                case "--ready":
                    ready = Value() switch
                    {
                        "first-segment" => ReadyWhen.FirstSegment,
                        "first-file" => ReadyWhen.FirstFile,
                        var other => throw new ArgumentException($"--ready takes first-segment or first-file, not '{other}'."),
                    };
                    break;
                case "--output":
                    output = Value();
                    break;
                case "--json":
                    json = Value();
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new BenchOptions(cameras, stream, window, warmUp, ready, output, json, keep, [.. args]);
    }

    /// <summary>The command that reproduces this run, as it goes into the report.</summary>
    public string Command =>
        "dotnet run -c Release --project bench/Cvr.Bench --" + string.Concat(Arguments.Select(a => " " + Quote(a)));

    private static List<int> ParseCounts(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > 256)
            {
                throw new ArgumentException($"--cameras takes whole numbers from 1 to 256 separated by commas; '{part}' is not one.");
            }

            counts.Add(count);
        }

        return counts.Count > 0 ? counts : throw new ArgumentException("--cameras needs at least one count.");
    }

    private static TimeSpan ParseSeconds(string option, string text, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} takes whole seconds from {minimum} to 3600; '{text}' is not.");

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/=:".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
