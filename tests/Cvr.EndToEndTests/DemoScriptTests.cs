using System.Net;
using System.Net.Sockets;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>The README's first command, run again and again on the same machine, as people do.</summary>
public sealed class DemoScriptTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Demo_RunThreeTimes_RecordsEachTime()
    {
        var urls = $"http://127.0.0.1:{FreePort.Next()}";
        for (var run = 1; run <= 3; run++)
        {
            await using var demo = Start(urls, $"run-{run}");

            await demo.WaitForLineAsync(l => l.StartsWith("demo: recording the simulated camera", StringComparison.Ordinal), TimeSpan.FromMinutes(5));
            var viewerKey = (await demo.WaitForLineAsync(l => l.TrimStart().StartsWith("viewer key", StringComparison.Ordinal), TimeSpan.FromMinutes(1))).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            using var http = new HttpClient { BaseAddress = new Uri(urls) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", viewerKey);
            await Eventually.WaitAsync(
                async () => (await http.GetStringAsync(new Uri("api/graphInstances/demo-camera", UriKind.Relative))).Contains("\"connection\":\"Connected\"", StringComparison.Ordinal),
                Eventually.Bound,
                $"run {run}: the demo's camera is recorded");
            await demo.StopAsync(TimeSpan.FromSeconds(60)); // Ctrl+C
        }
    }

    [Fact]
    public async Task Demo_PortTaken_SaysSoAndWhatToDo()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var urls = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        await using var demo = Start(urls, "taken");

        var line = await demo.WaitForLineAsync(l => l.Contains("is already taken", StringComparison.Ordinal), TimeSpan.FromMinutes(5));

        Assert.Contains(urls, line, StringComparison.Ordinal);
        await Eventually.WaitAsync(() => Task.FromResult(demo.HasExited), TimeSpan.FromSeconds(30), "the demo gives up");
    }

    public void Dispose() => _folder.Dispose();

    private ManagedProcess Start(string urls, string name) =>
        ManagedProcess.Start(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "scripts", "demo.sh")],
            Path.Combine(_folder.Path, name + ".log"),
            new Dictionary<string, string> { ["CVR_URLS"] = urls, ["CVR_DEMO_DIR"] = Path.Combine(_folder.Path, "demo") });
}
