using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Testing;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Cvr.ContractTests;

/// <summary>
/// The ingest service running in Dapr mode against the sidecar double: its graph state and its events
/// go through daprd, and it comes up even while daprd (or its state store) is not answering yet, as
/// happens when the app container starts before the sidecar is ready.
/// </summary>
public class IngestSidecarTests
{
    private const string Topology = "CVRToAMSAsset";
    private const string Instance = "front-door";

    [Fact]
    public async Task Ingest_SidecarUnavailableAtStart_AnswersHealthAndResumesOnceDaprdAnswers()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("ingest");
        sidecar.FailWith(StatusCode.Unavailable);
        await using var ingest = await CvrServiceHost.StartAsync(CvrService.Ingest, sidecar);

        await Eventually.WaitAsync(
            () => Task.FromResult(sidecar.CallsTo("GetState").Any(c => c.Status == StatusCode.Unavailable && c.Keys.SequenceEqual(["index:instances"]))),
            TimeSpan.FromSeconds(10),
            "the recording supervisor tried to read the active instances");
        using (var health = await ingest.Http.GetAsync(new Uri("health", UriKind.Relative)))
        {
            Assert.Equal(200, (int)health.StatusCode);
        }

        sidecar.Recover();

        await Eventually.WaitAsync(
            () => Task.FromResult(sidecar.CallsTo("GetState").Any(c => c.Succeeded && c.Keys.SequenceEqual(["index:instances"]))),
            TimeSpan.FromSeconds(15),
            "the recording supervisor read the active instances once daprd answered");
    }

    [Fact]
    public async Task Ingest_ActivateGraphInstance_SavesUnprefixedKeysAndPublishesGraphInstanceActivated()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync("ingest");
        await using var ingest = await CvrServiceHost.StartAsync(
            CvrService.Ingest,
            sidecar,
            new Dictionary<string, string?> { ["Ingest:FfmpegPath"] = Path.Combine(Path.GetTempPath(), "no-ffmpeg-for-contract-tests") });
        var cache = Path.Combine(ingest.DataPath, "cache");

        await PutTopologyAsync(ingest, cache);
        var instance = new JsonObject
        {
            ["name"] = Instance,
            ["properties"] = new JsonObject
            {
                ["topologyName"] = Topology,
                ["parameters"] = new JsonArray { new JsonObject { ["name"] = "rtspUrl", ["value"] = "rtsp://127.0.0.1:9/none" } },
            },
        };
        (await ingest.Http.PutAsJsonAsync(new Uri($"api/graphInstances/{Instance}", UriKind.Relative), instance)).EnsureSuccessStatusCode();
        using var activate = await ingest.Http.PostAsync(new Uri($"api/graphInstances/{Instance}/activate", UriKind.Relative), null);

        Assert.Equal(200, (int)activate.StatusCode);
        var savedKeys = sidecar.CallsTo("SaveState").Where(c => c.Succeeded).SelectMany(c => c.Keys).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { $"topology:{Topology}", "index:topologies", $"instance:{Instance}", "index:instances" }, savedKeys);
        Assert.DoesNotContain(savedKeys, k => k.Contains("||", StringComparison.Ordinal) || k.StartsWith("ingest", StringComparison.Ordinal));
        Assert.Equal("Active", sidecar.StoredJson($"instance:{Instance}")!["state"]!.GetValue<string>());

        var published = Assert.Single(sidecar.Published(GraphInstanceActivated.Topic));
        Assert.Equal(("pubsub", "application/json"), (published.PubsubName, published.DataContentType));
        var data = JsonNode.Parse(published.Data.ToStringUtf8())!;
        Assert.Equal(Instance, data["stream"]!["streamId"]!.GetValue<string>());
        Assert.Equal(cache, data["stream"]!["cachePath"]!.GetValue<string>());
        Assert.Equal(30, data["stream"]!["segmentLengthSeconds"]!.GetValue<int>());
        Assert.EndsWith("Z", data["activatedAt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_InstanceWithCameraPasswords_SendsNoneOfThemToTheStateStore()
    {
        const string Password = "Sidecar-Secret-51e0";
        const string UrlPassword = "Url-Secret-9b3d";
        await using var sidecar = await DaprdSidecarDouble.StartAsync("ingest");
        await using var ingest = await CvrServiceHost.StartAsync(
            CvrService.Ingest,
            sidecar,
            new Dictionary<string, string?> { ["Ingest:FfmpegPath"] = Path.Combine(Path.GetTempPath(), "no-ffmpeg-for-contract-tests") });
        await PutTopologyAsync(ingest, Path.Combine(ingest.DataPath, "cache"));
        var instance = new JsonObject
        {
            ["name"] = Instance,
            ["properties"] = new JsonObject
            {
                ["topologyName"] = Topology,
                ["parameters"] = new JsonArray
                {
                    new JsonObject { ["name"] = "rtspUrl", ["value"] = $"rtsp://admin:{UrlPassword}@127.0.0.1:9/none" },
                    new JsonObject { ["name"] = "rtspUserName", ["value"] = "viewer" },
                    new JsonObject { ["name"] = "rtspPassword", ["value"] = Password },
                },
            },
        };

        (await ingest.Http.PutAsJsonAsync(new Uri($"api/graphInstances/{Instance}", UriKind.Relative), instance)).EnsureSuccessStatusCode();
        (await ingest.Http.PostAsync(new Uri($"api/graphInstances/{Instance}/activate", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var answer = await ingest.Http.GetStringAsync(new Uri($"api/graphInstances/{Instance}", UriKind.Relative));

        // What daprd would hand the state store: every value of every SaveState, as the bytes it is.
        var written = sidecar.CallsTo("SaveState")
            .SelectMany(c => ((SaveStateRequest)c.Request).States)
            .Select(s => (s.Key, Value: s.Value.ToStringUtf8()))
            .ToList();
        Assert.Contains(written, w => w.Key == $"instance:{Instance}");
        foreach (var secret in new[] { Password, UrlPassword })
        {
            Assert.All(written, w => Assert.DoesNotContain(secret, w.Value, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, answer, StringComparison.Ordinal);
        }
    }

    private static async Task PutTopologyAsync(CvrServiceHost ingest, string cache)
    {
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", "2.0")))!.AsObject();
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = cache;
        (await ingest.Http.PutAsJsonAsync(new Uri($"api/graphTopologies/{Topology}", UriKind.Relative), topology)).EnsureSuccessStatusCode();
    }
}
