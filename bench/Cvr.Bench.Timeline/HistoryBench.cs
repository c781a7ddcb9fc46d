using System.Diagnostics;
using System.Globalization;
using Cvr.Testing;

namespace Cvr.Bench.Timeline;

/// <summary>
/// One history length: generates a folder asset store of <see cref="LongHistory"/>, times
/// <c>cvr catalog rebuild</c> from it, then starts <c>cvr serve</c> on it and times real HTTP requests on
/// loopback with the viewer's key, reading the host's memory from /proc.
/// </summary>
internal static class HistoryBench
{
    private const string Asset = "sampleasset-timeline";

    public static async Task<HistoryResult> RunAsync(int days, int requests, CancellationToken cancellationToken)
    {
        using var folder = new TemporaryFolder();
        var history = new LongHistory(Asset, "timeline", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), days);
        var store = folder.File("store");
        var data = folder.File("data");
        Directory.CreateDirectory(data);

        var watch = Stopwatch.StartNew();
        var segments = await history.WriteFolderStoreAsync(store, cancellationToken);
        var generate = watch.Elapsed;
        await Console.Error.WriteLineAsync($"bench: {days} d: {segments} segments generated in {generate.TotalSeconds:F1} s; rebuilding");

        watch.Restart();
        var (exitCode, output, errors) = await Ffprobe.RunAsync(
            "dotnet", [CvrHostProcess.HostAssembly(), "catalog", "rebuild", "--data", data, "--asset-store", store], timeout: Timeout.InfiniteTimeSpan, cancellationToken: cancellationToken); // a year takes ~80 s, and longer on a busy machine
        var rebuild = watch.Elapsed;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"cvr catalog rebuild failed ({exitCode}): {errors}");
        }

        await Console.Error.WriteLineAsync($"bench: {output.Trim()} in {rebuild.TotalSeconds:F1} s; serving");
        // Requests follow one another as fast as they are answered: lift the per-caller rate limit (50/s after
        // a burst of 200) that would otherwise answer most of them 429 and measure the limiter instead.
        var unlimited = new Dictionary<string, string> { ["Cvr__Http__PermitsPerSecond"] = "1000000", ["Cvr__Http__Burst"] = "1000000" };
        await using var host = await CvrHostProcess.StartAsync(folder.File("host"), store, unlimited, dataFolder: data);
        using var viewer = host.Client(host.ViewerKey, TimeSpan.FromMinutes(2));
        var queries = new List<(string, Latency, HostMemory)>();
        foreach (var (name, uri) in Queries(history))
        {
            await Console.Error.WriteLineAsync($"bench: {days} d: {name}");
            queries.Add((name, await Latency.MeasureAsync(viewer, uri, requests, cancellationToken), HostMemory.Read(host.Process.Id)));
        }

        return new HistoryResult(days, segments, generate, rebuild, queries);
    }

    /// <summary>
    /// availableMedia over the last 30 days, over the whole history (no start/end; its first page of 1,000
    /// ranges and gaps beyond 30 days), and AVA's calendar of the last 31 days (day) and 12 months (month);
    /// the UI's day; playlists of the last 1 h and 24 h.
    /// </summary>
    private static IEnumerable<(string Name, Uri Uri)> Queries(LongHistory history)
    {
        var end = history.End;
        if (history.Days > 30)
        {
            yield return ("availableMedia, last 30 d", Query("availableMedia", end.AddDays(-30), end));
        }

        yield return ($"availableMedia, all {history.Days} d", new Uri($"api/assets/{Asset}/availableMedia", UriKind.Relative));
        yield return ("availableMedia, last 24 h (the UI)", Query("availableMedia", end.AddDays(-1), end));
        yield return ("availableMedia, precision=day, 31 d", new Uri($"{Query("availableMedia", end.AddDays(-31), end)}&precision=day", UriKind.Relative));
        yield return ("availableMedia, precision=month, 12 months", new Uri($"{Query("availableMedia", end.AddMonths(-12), end)}&precision=month", UriKind.Relative));
        yield return ("playlist.m3u8, last 1 h", Query("playlist.m3u8", end.AddHours(-1), end));
        yield return ("playlist.m3u8, last 24 h", Query("playlist.m3u8", end.AddDays(-1), end));
    }

    private static Uri Query(string path, DateTimeOffset start, DateTimeOffset end) =>
        new($"api/assets/{Asset}/{path}?start={Iso(start)}&end={Iso(end)}", UriKind.Relative);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
