using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.Bench;

/// <summary>
/// The pipeline: one <c>cvr serve</c> (all four services and their bus in one process) recording every
/// mount as an activated LVA cvr-asset instance (PT30S), folder asset store on the same disk. The topology
/// selects video only; for a stream with audio its output selector is removed, so that cvr records the audio.
/// </summary>
internal sealed class CvrScenario : IScenario
{
    /// <summary>Relative, so each instance gets its own cache: {data}/cache/{instance}.</summary>
    public const string CachePathPattern = "${System.GraphInstanceName}";

    private readonly CvrHostProcess _host;
    private readonly IReadOnlyList<string> _cachePaths;

    private CvrScenario(CvrHostProcess host, IReadOnlyList<string> cachePaths)
    {
        _host = host;
        _cachePaths = cachePaths;
        RootProcessIds = [host.Process.Id];
    }

    public string Name => "cvr";

    public IReadOnlyCollection<int> RootProcessIds { get; }

    public string RootRole => "host";

    public int HostProcessId => _host.Process.Id;

    public static string InstanceName(int camera) => string.Create(CultureInfo.InvariantCulture, $"cam{camera:D2}");

    public static async Task<CvrScenario> StartAsync(string folder, CameraServer camera, int count, BenchStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(stream);
        var data = Path.Combine(folder, "data");

        // The asset store is named so that a Cvr__AssetStore in the caller's environment cannot redirect it.
        // The product's default cache root, so that the relative cache paths land where they would for a user.
        var host = await CvrHostProcess.StartAsync(folder, assetStore: Path.Combine(data, "assets"), dataFolder: data, environment: new Dictionary<string, string> { ["Ingest__CacheRoot"] = Path.Combine(data, "cache") })
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", "2.0"), cancellationToken).ConfigureAwait(false))!.AsObject();
            var sink = topology["properties"]!["sinks"]![0]!;
            sink["localMediaCachePath"] = CachePathPattern;
            sink["segmentLength"] = "PT30S";
            if (stream.HasAudio)
            {
                // LVA: no output selector records everything the camera sends.
                sink["inputs"]![0]!.AsObject().Remove("outputSelectors");
            }

            await SendAsync(host.Http.PutAsJsonAsync($"api/graphTopologies/{CvrHostProcess.TopologyName}", topology, cancellationToken)).ConfigureAwait(false);

            var cachePaths = new List<string>();
            for (var k = 0; k < count; k++)
            {
                var instance = InstanceName(k);
                var body = new JsonObject
                {
                    ["name"] = instance,
                    ["properties"] = new JsonObject
                    {
                        ["topologyName"] = CvrHostProcess.TopologyName,
                        ["parameters"] = new JsonArray { new JsonObject { ["name"] = "rtspUrl", ["value"] = camera.Url(k) } },
                    },
                };
                await SendAsync(host.Http.PutAsJsonAsync($"api/graphInstances/{instance}", body, cancellationToken)).ConfigureAwait(false);
                await SendAsync(host.Http.PostAsync(new Uri($"api/graphInstances/{instance}/activate", UriKind.Relative), null, cancellationToken)).ConfigureAwait(false);
                cachePaths.Add(Path.Combine(data, "cache", instance));
            }

            return new CvrScenario(host, cachePaths);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitUntilRecordingAsync(ReadyWhen ready, TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            () => _cachePaths.All(ready == ReadyWhen.FirstFile ? HasSegment : HasUploadedSegment),
            () => _host.Process.HasExited ? $"the cvr host exited; see {_host.Process.LogPath}" : null,
            timeout,
            ready == ReadyWhen.FirstFile
                ? $"all {_cachePaths.Count} cvr instances' ffmpegs have created their first segment"
                : $"all {_cachePaths.Count} cvr instances have sealed and uploaded their first segment",
            cancellationToken);

    public long VideoBytes() => _cachePaths.Sum(SegmentBytes.InCache);

    /// <summary>How right the recorded times are, over every segment recorded so far.</summary>
    public Task<ClockAccuracy> MeasureClockAsync(CameraServer camera, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return ClockAccuracy.MeasureAsync([.. _cachePaths.Select((path, k) => (path, CameraServer.Mount(k)))], camera.SendLog, camera.LoopFile, cancellationToken);
    }

    /// <summary>SIGTERM to the host, which stops its ffmpegs gracefully; the whole tree is killed if it hangs.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static bool HasSegment(string cachePath)
    {
        var layout = new CacheLayout(cachePath);
        return (Directory.Exists(layout.IngestRoot) && Directory.EnumerateFiles(layout.IngestRoot, SessionSegmentName.SearchPattern, SearchOption.AllDirectories).Any())
            || CacheLayout.SegmentsIn(layout.SealedFolder).Count > 0
            || CacheLayout.SegmentsIn(layout.UploadedFolder).Count > 0;
    }

    private static bool HasUploadedSegment(string cachePath) =>
        CacheLayout.SegmentsIn(new CacheLayout(cachePath).UploadedFolder).Count > 0;

    private static async Task SendAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request.ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {detail}");
        }
    }
}
