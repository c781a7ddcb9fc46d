using System.Globalization;
using System.Text;

namespace Cvr.Bench.Timeline;

/// <summary>What one history measured: the rebuild, and each query's latency and the host's resident memory once it was answered.</summary>
internal sealed record HistoryResult(int Days, int Segments, TimeSpan Generate, TimeSpan Rebuild, IReadOnlyList<(string Query, Latency Latency, HostMemory Memory)> Queries)
{
    public const string Header = "| history | segments | rebuild | query | p50 | p99 | answer | host VmRSS / VmHWM after the query |\n|---|---|---|---|---|---|---|---|";

    public string Rows()
    {
        var rows = new StringBuilder();
        foreach (var (query, latency, memory) in Queries)
        {
            rows.AppendLine(CultureInfo.InvariantCulture,
                $"| {Days} d | {Segments:N0} | {Rebuild.TotalSeconds:F1} s | {query} | {latency.P50Ms:F1} ms | {latency.P99Ms:F1} ms | {latency.Bytes / 1024.0:F0} KiB | {memory.RssKiB / 1024} / {memory.PeakRssKiB / 1024} MiB |");
        }

        return rows.ToString().TrimEnd();
    }
}
