using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cvr.Testing;

/// <summary>
/// The single-process host (<c>cvr serve</c>) as a real process on a free 127.0.0.1 port, with its data
/// folder under the test's folder, that folder as its cache root, and helpers for the management and catalog APIs.
/// </summary>
public sealed class CvrHostProcess : IAsyncDisposable
{
    public const string TopologyName = "CVRToAMSAsset";

    private readonly ManagedProcess _process;

    private CvrHostProcess(ManagedProcess process, Uri address, string dataFolder)
    {
        _process = process;
        Address = address;
        DataFolder = dataFolder;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public string DataFolder { get; }

    /// <summary>A client that sends the operator key.</summary>
    public HttpClient Http { get; }

    /// <summary>The operator key the host made in its data folder on its first start.</summary>
    public string OperatorKey { get; private set; } = string.Empty;

    /// <summary>The viewer key the host made in its data folder on its first start.</summary>
    public string ViewerKey { get; private set; } = string.Empty;

    /// <summary>A client of this host sending the given key, or none.</summary>
    public HttpClient Client(string? key, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Reads the keys of the data folder again (after a rotation) and sends the new operator key from now on.</summary>
    public void ReadKeys()
    {
        var keys = JsonNode.Parse(File.ReadAllText(Path.Combine(DataFolder, "api-keys.json")))!["Cvr"]!["Keys"]!;
        OperatorKey = keys["Operator"]!.GetValue<string>();
        ViewerKey = keys["Viewer"]!.GetValue<string>();
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
    }

    public ManagedProcess Process => _process;

    /// <summary>Starts <c>cvr serve</c> and waits until <c>/health</c> answers.</summary>
    public static async Task<CvrHostProcess> StartAsync(string folder, string? assetStore = null, IReadOnlyDictionary<string, string>? environment = null, string? dataFolder = null)
    {
        Directory.CreateDirectory(folder);
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var data = dataFolder ?? Path.Combine(folder, "data");
        List<string> arguments = [HostAssembly(), "serve", "--urls", address.ToString().TrimEnd('/'), "--data", data];
        if (assetStore is not null)
        {
            arguments.AddRange(["--asset-store", assetStore]);
        }

        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
        };

        // Tests keep their caches anywhere in their own folder: that folder is the cache root, unless a test says otherwise.
        env.TryAdd("Ingest__CacheRoot", Path.GetFullPath(folder));
        var process = ManagedProcess.Start("dotnet", arguments, Path.Combine(folder, $"cvr-{port}.log"), env);
        var host = new CvrHostProcess(process, address, data);
        await Eventually.WaitAsync(
            async () => !process.HasExited && (await host.Http.GetAsync(new Uri("health", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(90),
            "cvr answers /health");
        host.ReadKeys();
        return host;
    }

    /// <summary>Sets the LVA cvr-asset 2.0 topology (cache path and segment length filled in) and an instance, and activates it.</summary>
    /// <param name="clockSource">The RTSP source's clockSource (Host or Camera); not written when null.</param>
    /// <param name="retentionPeriod">The asset sink's retentionPeriod; not written when null.</param>
    /// <param name="transport">The RTSP source's transport (Tcp or Http, any case); the topology's own when null.</param>
    /// <param name="topologyVersion">LVA's cvr-asset topology of this version (2.0 selects video only; 1.0 has no output selectors).</param>
    /// <param name="videoOnly">false: the sink's output selectors are removed (everything the camera sends is recorded); null: the topology's own.</param>
    /// <param name="endpoint">Changes the RTSP source's endpoint (e.g. into a TLS endpoint) before the topology is set.</param>
    public Task RecordAsync(string instance, string cameraUrl, string cachePath, string? user = null, string? password = null, string segmentLength = "PT30S", string topologyName = TopologyName, int cacheMiB = 2048, string? clockSource = null, string? retentionPeriod = null, string? transport = null, string topologyVersion = "2.0", bool? videoOnly = null, Action<JsonObject>? endpoint = null) =>
        RecordAsync(Http, instance, cameraUrl, cachePath, user, password, segmentLength, topologyName, cacheMiB, clockSource, retentionPeriod, transport, topologyVersion, videoOnly, endpoint);

    /// <summary>As <see cref="RecordAsync(string, string, string, string?, string?, string, string, int, string?, string?, string?, string, bool?, Action{JsonObject}?)"/>, through any client of a Cvr (one hosted in the test's own process, say).</summary>
    public static async Task RecordAsync(HttpClient http, string instance, string cameraUrl, string cachePath, string? user = null, string? password = null, string segmentLength = "PT30S", string topologyName = TopologyName, int cacheMiB = 2048, string? clockSource = null, string? retentionPeriod = null, string? transport = null, string topologyVersion = "2.0", bool? videoOnly = null, Action<JsonObject>? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", topologyVersion)))!.AsObject();
        endpoint?.Invoke(topology["properties"]!["sources"]![0]!["endpoint"]!.AsObject());
        if (clockSource is not null)
        {
            topology["properties"]!["sources"]![0]!["clockSource"] = clockSource;
        }

        if (transport is not null)
        {
            topology["properties"]!["sources"]![0]!["transport"] = transport;
        }

        var sink = topology["properties"]!["sinks"]![0]!;
        if (videoOnly == false)
        {
            sink["inputs"]![0]!.AsObject().Remove("outputSelectors");
        }

        sink["localMediaCachePath"] = cachePath;
        sink["segmentLength"] = segmentLength;
        sink["localMediaCacheMaximumSizeMiB"] = cacheMiB.ToString(CultureInfo.InvariantCulture);
        if (retentionPeriod is not null)
        {
            sink["retentionPeriod"] = retentionPeriod;
        }

        (await http.PutAsJsonAsync($"api/graphTopologies/{topologyName}", topology)).EnsureSuccessStatusCode();

        var parameters = new JsonArray { new JsonObject { ["name"] = "rtspUrl", ["value"] = cameraUrl } };
        if (user is not null)
        {
            parameters.Add(new JsonObject { ["name"] = "rtspUserName", ["value"] = user });
            parameters.Add(new JsonObject { ["name"] = "rtspPassword", ["value"] = password });
        }

        var body = new JsonObject { ["name"] = instance, ["properties"] = new JsonObject { ["topologyName"] = topologyName, ["parameters"] = parameters } };
        (await http.PutAsJsonAsync($"api/graphInstances/{instance}", body)).EnsureSuccessStatusCode();
        (await http.PostAsync(new Uri($"api/graphInstances/{instance}/activate", UriKind.Relative), null)).EnsureSuccessStatusCode();
    }

    public async Task DeactivateAsync(string instance) =>
        (await Http.PostAsync(new Uri($"api/graphInstances/{instance}/deactivate", UriKind.Relative), null)).EnsureSuccessStatusCode();

    /// <summary>The contiguous ranges of the asset, oldest first.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> AvailableMediaAsync(string asset)
    {
        var response = await Http.GetAsync(new Uri($"api/assets/{asset}/availableMedia", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. json["timeRanges"]!.AsArray().Select(r => (Time(r!["start"]!), Time(r!["end"]!)))];
    }

    /// <summary>What the catalog knows of the asset's segments, evicted ones included.</summary>
    public async Task<IReadOnlyList<CatalogSegmentView>> SegmentsAsync(string asset)
    {
        var json = JsonNode.Parse(await Http.GetStringAsync(new Uri($"api/assets/{asset}/segments", UriKind.Relative)))!;
        return [.. json["value"]!.AsArray().Select(s => new CatalogSegmentView(
            s!["fileName"]!.GetValue<string>(), s["sessionId"]!.GetValue<string>(), Time(s["start"]!), Time(s["end"]!), s["uploaded"]!.GetValue<bool>(), s["evicted"]!.GetValue<bool>(),
            s["clock"]?["source"]?.GetValue<string>(), s["clock"]?["errorMs"]?.GetValue<double>(), s["clock"]?["driftPpm"]?.GetValue<double>(),
            s["media"]?["codecs"]?.GetValue<string>()))];
    }

    /// <summary>The gaps of the asset, with their reasons.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, string Reason)>> GapsAsync(string asset)
    {
        var json = JsonNode.Parse(await Http.GetStringAsync(new Uri($"api/assets/{asset}/availableMedia", UriKind.Relative)))!;
        return [.. json["gaps"]!.AsArray().Select(g => (Time(g!["start"]!), Time(g!["end"]!), g!["reason"]!.GetValue<string>()))];
    }

    /// <summary>The instance's recorder status (properties.recording), or null.</summary>
    public async Task<JsonNode?> RecordingStatusAsync(string instance) =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri($"api/graphInstances/{instance}", UriKind.Relative)))!["properties"]?["recording"];

    /// <summary>A playlist URL with a playback token (no header needed), from <c>POST playbackUrl</c>.</summary>
    public async Task<Uri> PlaybackUrlAsync(string asset, DateTimeOffset? start = null, DateTimeOffset? end = null, HttpClient? client = null)
    {
        var query = start is null || end is null ? string.Empty : $"?start={Uri.EscapeDataString(start.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}&end={Uri.EscapeDataString(end.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}";
        using var response = await (client ?? Http).PostAsync(new Uri($"api/assets/{asset}/playbackUrl{query}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return new Uri(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
    }

    /// <summary>Runs a one-off cvr command (e.g. catalog rebuild) to completion.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(params string[] arguments) =>
        Ffprobe.RunAsync("dotnet", [HostAssembly(), .. arguments]);

    /// <summary>Runs a cvr command against this host (--url) with its operator key in CVR_API_KEY.</summary>
    public Task<(int ExitCode, string Output, string Errors)> RunCliAsync(params string[] arguments) =>
        Ffprobe.RunAsync("dotnet", [HostAssembly(), .. arguments, "--url", Address.ToString()], new Dictionary<string, string> { ["CVR_API_KEY"] = OperatorKey });

    public static string AssetName(string instance, string topologyName = TopologyName) => $"sampleasset-{topologyName}-{instance}".ToLowerInvariant();

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.StopAsync(TimeSpan.FromSeconds(15));
        await _process.DisposeAsync();
    }

    private static DateTimeOffset Time(JsonNode node) =>
        DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    /// <summary>cvr.dll as built beside the tests (the test project references the host).</summary>
    public static string HostAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "cvr.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found; the test project must reference Cvr.Host.");
    }
}
