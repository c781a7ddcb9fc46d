using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr export ASSET --start T --end T -o FILE</c>: asks Cvr for an export job, shows its progress,
/// then downloads the clip into <c>FILE.part</c> and renames it to FILE once whole. An interrupted run
/// (Ctrl+C, a lost connection) leaves <c>FILE.part</c> and <c>FILE.export</c> (the job); the same
/// command again continues the download where it stopped, or makes the job again if it expired or failed.
/// </summary>
public static class ExportCommand
{
    public const string Usage = "cvr export ASSET --start TIME --end TIME -o FILE [--gaps skip] [--url URL]";

    private static readonly CommandSyntax Syntax = new(Usage, ["ASSET"], ["start", "end", "output", "gaps", "url"]);

    /// <summary>How often the job is asked how far it is.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = CommandOptions.Parse([.. args.Select(a => a == "-o" ? "--output" : a)], Syntax);
        var asset = options.Argument(0);
        var start = options.Get("start") ?? throw new CommandLineException($"--start is required; usage: {Usage}");
        var end = options.Get("end") ?? throw new CommandLineException($"--end is required; usage: {Usage}");
        var file = options.Get("output") ?? throw new CommandLineException($"-o FILE is required; usage: {Usage}");
        var gaps = options.Get("gaps");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        if (!Directory.Exists(folder))
        {
            throw new CommandLineException($"-o {file}: the folder {folder} does not exist");
        }

        var request = new ExportJobFile(asset, start, end, gaps, string.Empty);
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var part = file + ".part";
        var kept = ExportJobFile.Read(file + ".export");
        var job = kept is not null && kept.SameRequest(request) ? await FindAsync(cvr, kept.Id, ct).ConfigureAwait(false) : null;
        if (job is null || job["state"]?.GetValue<string>() == "failed")
        {
            File.Delete(part);
            job = await CreateAsync(cvr, request, ct).ConfigureAwait(false);
            (request with { Id = Id(job) }).Write(file + ".export");
        }
        else
        {
            await output.WriteLineAsync($"export {Id(job)}: continuing").ConfigureAwait(false);
        }

        job = await WaitAsync(cvr, job, new ProgressBar(error, interactive, "making "), ct).ConfigureAwait(false);
        var resumeAt = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (resumeAt > 0)
        {
            await output.WriteLineAsync($"resuming the download at {Megabytes(resumeAt)} MB").ConfigureAwait(false);
        }

        var bytes = await cvr.DownloadAsync(
            job["file"]!.GetValue<string>(), part, $"\"{Id(job)}\"", new ProgressBar(error, interactive, "download"), ct).ConfigureAwait(false);
        File.Move(part, file, overwrite: true);
        File.Delete(file + ".export");
        await output.WriteLineAsync($"saved {file}: {Megabytes(bytes)} MB, {job["start"]} to {job["end"]}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<JsonNode> CreateAsync(CvrClient cvr, ExportJobFile request, CancellationToken ct)
    {
        var body = new JsonObject { ["start"] = request.Start, ["end"] = request.End };
        if (request.Gaps is not null)
        {
            body["gaps"] = request.Gaps;
        }

        var answer = await cvr.CallAsync(HttpMethod.Post, $"api/assets/{Uri.EscapeDataString(request.Asset)}/exports", body, ct).ConfigureAwait(false);
        return answer.Body ?? throw new ServerRefusedException("Cvr accepted the export but said nothing of the job");
    }

    /// <summary>The job, or null when Cvr no longer has it (expired and forgotten, deleted, another Cvr).</summary>
    private static async Task<JsonNode?> FindAsync(CvrClient cvr, string id, CancellationToken ct)
    {
        var answer = await cvr.SendAsync(HttpMethod.Get, $"api/exports/{Uri.EscapeDataString(id)}", null, ct).ConfigureAwait(false);
        return answer.Status == (int)HttpStatusCode.NotFound || answer.Body?["state"]?.GetValue<string>() == "expired"
            ? null
            : answer.Succeeded ? answer.Body : throw new ServerRefusedException(answer.Reason);
    }

    private static async Task<JsonNode> WaitAsync(CvrClient cvr, JsonNode job, ProgressBar bar, CancellationToken ct)
    {
        while (true)
        {
            var state = job["state"]?.GetValue<string>();
            await bar.ShowAsync(job["progress"]?.GetValue<double>() ?? 0, $"{state}").ConfigureAwait(false);
            switch (state)
            {
                case "completed":
                    await bar.DoneAsync().ConfigureAwait(false);
                    return job;
                case "failed" or "expired":
                    await bar.DoneAsync().ConfigureAwait(false);
                    throw new ServerRefusedException($"export {Id(job)} {state}: {job["error"]?.GetValue<string>() ?? "its clip was deleted"}");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            job = await FindAsync(cvr, Id(job), ct).ConfigureAwait(false)
                ?? throw new ServerRefusedException($"export {Id(job)} was deleted while it was being made");
        }
    }

    private static string Id(JsonNode job) => job["id"]!.GetValue<string>();

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>What <c>FILE.export</c> keeps: the request and the job made for it.</summary>
    private sealed record ExportJobFile(string Asset, string Start, string End, string? Gaps, string Id)
    {
        public bool SameRequest(ExportJobFile other) => (Asset, Start, End, Gaps) == (other.Asset, other.Start, other.End, other.Gaps);

        public static ExportJobFile? Read(string path)
        {
            try
            {
                return File.Exists(path) ? JsonSerializer.Deserialize<ExportJobFile>(File.ReadAllText(path)) : null;
            }
            catch (JsonException)
            {
                return null; // not ours or torn: a new job is made
            }
        }

        public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this));
    }
}
