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

    private AzuriteServer(ManagedProcess process, int port, string folder, string location)
    {
        _process = process;
        Port = port;
        Folder = folder;
        Location = location;
    }

    public int Port { get; }

    public string Location { get; }

    /// <summary>The test folder; every start writes its own debug log there.</summary>
    public string Folder { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <param name="port">0 for a free port; a stopped server's port (same folder) to bring it back with its data.</param>
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
        var debugLog = Path.Combine(folder, $"azurite-debug-{DateTime.UtcNow:yyyyMMddHHmmssfff}.log");
        var process = ManagedProcess.Start(
            executable,
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", location,
             "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--debug", debugLog],
            Path.Combine(folder, $"azurite-{port}.log"));
        await process.WaitForLineAsync(l => l.Contains("successfully listen", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(60));
        return new AzuriteServer(process, port, folder, location);
    }

    /// <summary>How many PUT requests Azurite received for each blob (container operations excluded).</summary>
    public async Task<IReadOnlyDictionary<string, int>> BlobPutCountsAsync(string container) =>
        (await BlobPutsAsync(container)).GroupBy(b => b, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The blobs of a container in the order their PUT requests arrived, over every start of the server.</summary>
    public async Task<IReadOnlyList<string>> BlobPutsAsync(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var prefix = $"/devstoreaccount1/{container}/";
        var puts = new List<string>();
        foreach (var log in Directory.GetFiles(Folder, "azurite-debug-*.log").Order(StringComparer.Ordinal))
        {
            foreach (Match match in IncomingPut().Matches(await File.ReadAllTextAsync(log)))
            {
                var path = Uri.UnescapeDataString(match.Groups["path"].Value);
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    puts.Add(path[prefix.Length..]);
                }
            }
        }

        return puts;
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(5));

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    // Azurite's debug log records every request once as "RequestMethod=PUT RequestURL=http://host/account/container/blob?…".
    [GeneratedRegex(@"RequestMethod=PUT RequestURL=(?:https?://[^/\s]+)?(?<path>/[^\s?]+)", RegexOptions.CultureInvariant)]
    private static partial Regex IncomingPut();
}
