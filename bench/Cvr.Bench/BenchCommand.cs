using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cvr.Bench;

/// <summary>Runs the benchmark in a fresh /tmp/cvr-bench-* folder and writes what it measured.</summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        BenchReport report;
        using (var folder = new BenchFolder(options.Keep))
        {
            await Console.Error.WriteLineAsync($"bench: working in {folder.Path}{(options.Keep ? " (kept)" : string.Empty)}");
            report = await new BenchRunner(options, folder, Console.Error).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(MarkdownReport.RenderTables(report).AsMemory(), cancellationToken).ConfigureAwait(false);
        if (options.Output is { } output)
        {
            await WriteAsync(output, MarkdownReport.Render(report), cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"bench: wrote {Path.GetFullPath(output)}");
        }

        if (options.Json is { } json)
        {
            await WriteAsync(json, JsonSerializer.Serialize(report, JsonOptions) + "\n", cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"bench: wrote {Path.GetFullPath(json)}");
        }

        return 0;
    }

    private static async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, cancellationToken).ConfigureAwait(false);
    }
}
