using System.Diagnostics;

namespace Cvr.Bench.Timeline;

/// <summary>Wall-clock latency of one request, repeated: p50 and p99 in milliseconds, and the size of an answer.</summary>
internal sealed record Latency(double P50Ms, double P99Ms, long Bytes)
{
    public static async Task<Latency> MeasureAsync(HttpClient client, Uri uri, int requests, CancellationToken cancellationToken)
    {
        long bytes = 0;
        for (var i = 0; i < 3; i++)
        {
            bytes = await GetAsync(client, uri, cancellationToken); // warm-up: JIT, SQLite page cache
        }

        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(client, uri, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return new Latency(Percentile(times, 0.50), Percentile(times, 0.99), bytes);
    }

    private static async Task<long> GetAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
