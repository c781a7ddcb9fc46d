using System.Globalization;
using System.Text.RegularExpressions;

namespace Cvr.Testing;

/// <summary>
/// Azurite's blob service (npm, installed under tools/) as a real process on 127.0.0.1, with its debug
/// log on so that tests can count the requests that reached the "cloud".
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    // Azurite's well-known development account key: public, documented, not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ManagedProcess _process;

    private AzuriteServer(ManagedProcess process, int port, string location, string debugLog)
    {
        _process = process;
        Port = port;
        Location = location;
        DebugLog = debugLog;
    }

    public int Port { get; }

    public string Location { get; }

    public string DebugLog { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<AzuriteServer> StartAsync(string folder, int port = 0)
    {
        var executable = Path.Combine(RepositoryPaths.Root, "tools", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed ({executable}); run scripts/install.sh.");
        }

        port = port == 0 ? FreePort.Next() : port;
        var location = Path.Combine(folder, "azurite");
        Directory.CreateDirectory(location);
        var debugLog = Path.Combine(folder, $"azurite-debug-{port}.log");
        var process = ManagedProcess.Start(
            executable,
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", location,
             "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--debug", debugLog],
            Path.Combine(folder, $"azurite-{port}.log"));
        await process.WaitForLineAsync(l => l.Contains("successfully listen", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(60));
        return new AzuriteServer(process, port, location, debugLog);
    }

    /// <summary>How many PUT requests Azurite received for each blob (container operations excluded).</summary>
    public async Task<IReadOnlyDictionary<string, int>> BlobPutCountsAsync(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var text = await File.ReadAllTextAsync(DebugLog);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in IncomingPut().Matches(text))
        {
            var path = Uri.UnescapeDataString(match.Groups["path"].Value);
            var prefix = $"/devstoreaccount1/{container}/";
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var blob = path[prefix.Length..];
                counts[blob] = counts.GetValueOrDefault(blob) + 1;
            }
        }

        return counts;
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(5));

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    // Azurite's debug log records every request once as "RequestMethod=PUT RequestURL=http://host/account/container/blob?…".
    [GeneratedRegex(@"RequestMethod=PUT RequestURL=(?:https?://[^/\s]+)?(?<path>/[^\s?]+)", RegexOptions.CultureInvariant)]
    private static partial Regex IncomingPut();
}
