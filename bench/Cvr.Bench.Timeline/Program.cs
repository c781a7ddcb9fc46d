using System.Globalization;
using Cvr.Bench.Timeline;

// Usage: dotnet run -c Release --project bench/Cvr.Bench.Timeline -- [--days 1,30,365] [--requests 50]
var days = Option(args, "--days", "1,30").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList();
var requests = int.Parse(Option(args, "--requests", "50"), CultureInfo.InvariantCulture);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

await Console.Out.WriteLineAsync(HistoryResult.Header);
foreach (var count in days)
{
    var result = await HistoryBench.RunAsync(count, requests, cancel.Token);
    await Console.Out.WriteLineAsync(result.Rows());
}

return 0;

static string Option(string[] args, string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
