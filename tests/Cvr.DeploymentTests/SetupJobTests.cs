using System.Text.Json.Nodes;
using Cvr.DeploymentTests.Support;

namespace Cvr.DeploymentTests;

/// <summary>The hook job that puts the values' topology and cameras through the ingest's API.</summary>
[Collection(ChartCollection.Name)]
public class SetupJobTests(ChartRenders chart)
{
    [Fact]
    public void SetupJob_Hook_RunsAfterInstallAndUpgrade()
    {
        var job = chart.TwoCameras.Single("Job", "cvr-setup");

        Assert.Equal("post-install,post-upgrade", job.Root.At("metadata", "annotations", "helm.sh/hook").Text());
        Assert.Equal(
            "http://cvr-ingest.edge.svc.cluster.local:80",
            job.Containers.Single().At("env").ItemWith("name", "CVR_INGEST_URL").At("value").Text());
        Assert.Null(job.PodTemplate.At("metadata", "annotations", "dapr.io/enabled"));
    }

    [Fact]
    public void SetupJob_CameraWithCredentials_TakesThemFromItsSecret()
    {
        var env = chart.TwoCameras.Single("Job", "cvr-setup").Containers.Single().At("env");

        foreach (var (variable, key) in new[] { ("CAMERA_0_USERNAME", "username"), ("CAMERA_0_PASSWORD", "password") })
        {
            Assert.Equal("camera-1", env.ItemWith("name", variable).At("valueFrom", "secretKeyRef", "name").Text());
            Assert.Equal(key, env.ItemWith("name", variable).At("valueFrom", "secretKeyRef", "key").Text());
        }

        Assert.DoesNotContain(env.Items(), v => (v.At("name").Text() ?? "").StartsWith("CAMERA_1_", StringComparison.Ordinal));
    }

    [Fact]
    public void SetupJob_OperatorKey_ComesFromTheKeysSecretIntoTheEnvironment()
    {
        var job = chart.TwoCameras.Single("Job", "cvr-setup");
        var key = job.Containers.Single().At("env").ItemWith("name", "CVR_OPERATOR_KEY");

        Assert.Null(key.At("value"));
        Assert.Equal("cvr-api-keys", key.At("valueFrom", "secretKeyRef", "name").Text());
        Assert.Equal("operator", key.At("valueFrom", "secretKeyRef", "key").Text());
        Assert.DoesNotContain("CVR_OPERATOR_KEY", job.Containers.Single().At("command").Canonical(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupScript_RunAgainstTheIngest_SendsTheOperatorKeyOnEveryCallButHealth()
    {
        const string key = "operator-key-for-the-setup-run-5d41402abc4b";
        await using var ingest = await RecordingIngest.StartAsync(key);

        var result = await SetupScript.RunAsync(chart.TwoCameras, JobEnvironment(ingest, key), CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("setup: done", result.Output, StringComparison.Ordinal);
        Assert.Equal(
            [
                "GET /health",
                "PUT /api/graphTopologies/CVRToAMSAsset",
                "PUT /api/graphInstances/camera-1", "POST /api/graphInstances/camera-1/activate",
                "PUT /api/graphInstances/camera-2", "POST /api/graphInstances/camera-2/deactivate",
            ],
            ingest.Calls.Select(c => c.ToString()));
        Assert.All(ingest.Calls.Skip(1), c => Assert.Equal($"Bearer {key}", c.Authorization));
        Assert.Null(ingest.Calls[0].Authorization);
        Assert.Contains("\"rtspPassword\",\"value\":\"camera-password\"", ingest.Calls[2].Body, StringComparison.Ordinal);
        // Every curl that carried the key was seen while its call was open, and none had it in its arguments.
        Assert.Empty(ingest.CommandLinesWithKey);
        Assert.Equal(ingest.Calls.Count - 1, ingest.CurlCommandLines.Count(c => c.Contains("-H @", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SetupScript_IngestRefusesTheKey_StopsNamingTheSecret()
    {
        const string key = "a-key-the-ingest-does-not-know-7c222fb2927d";
        await using var ingest = await RecordingIngest.StartAsync(key, refuseEveryKey: true);

        var result = await SetupScript.RunAsync(chart.TwoCameras, JobEnvironment(ingest, key), CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("HTTP 401: the ingest refused the operator key (key operator of Secret cvr-api-keys)", result.Error, StringComparison.Ordinal);
        Assert.Equal(["GET /health", "PUT /api/graphTopologies/CVRToAMSAsset"], ingest.Calls.Select(c => c.ToString()));
    }

    [Theory]
    [InlineData("key-from-a-file-ending-in-a-newline\n", "line break")]
    [InlineData("key-with-a-carriage-return\r", "line break")]
    [InlineData("", "the operator key is empty")]
    public async Task SetupScript_UnusableKey_StopsBeforeAnyCall(string key, string complaint)
    {
        await using var ingest = await RecordingIngest.StartAsync(key);

        var result = await SetupScript.RunAsync(chart.TwoCameras, JobEnvironment(ingest, key), CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(complaint, result.Error, StringComparison.Ordinal);
        Assert.Empty(ingest.Calls);
    }

    [Fact]
    public void SetupScript_TwoCameras_AppliesEachWithItsState()
    {
        var script = SetupData(chart.TwoCameras, "apply.sh");

        Assert.Contains("instance 'camera-1' 'rtsp://192.168.1.64:554/Streaming/Channels/101' true \"$CAMERA_0_USERNAME\" \"$CAMERA_0_PASSWORD\"\n", script, StringComparison.Ordinal);
        Assert.Contains("instance 'camera-2' 'rtsp://192.168.1.65/stream' false\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("instance '", SetupData(chart.Defaults, "apply.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public void SetupTopology_Default_IsLvaCvrAssetWithTheChartsCacheSettings()
    {
        var topology = JsonNode.Parse(SetupData(chart.Defaults, "topology.json"))!;
        var properties = topology["properties"]!;
        var sink = properties["sinks"]!.AsArray().Single()!;

        Assert.Equal("CVRToAMSAsset", topology["name"]!.GetValue<string>());
        Assert.Equal(
            ["rtspUserName", "rtspPassword", "rtspUrl"],
            properties["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("#Microsoft.Media.MediaGraphRtspSource", properties["sources"]![0]!["@type"]!.GetValue<string>());
        Assert.Equal("#Microsoft.Media.MediaGraphAssetSink", sink["@type"]!.GetValue<string>());
        Assert.Equal("2048", sink["localMediaCacheMaximumSizeMiB"]!.GetValue<string>());
        Assert.Equal("${System.GraphInstanceName}", sink["localMediaCachePath"]!.GetValue<string>());
        Assert.Equal("PT30S", sink["segmentLength"]!.GetValue<string>());
    }

    [Fact]
    public async Task Template_TwoCamerasSharingOneCachePath_FailsNamingTheSetting()
    {
        var result = await chart.Helm.TemplateAsync(
            ["--values", ChartRenders.TwoCamerasValues, "--set", "cache.localMediaCachePath=shared"],
            CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cache.localMediaCachePath", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_CredentialsInTheRtspUrl_FailsPointingToTheSecret()
    {
        var result = await chart.Helm.TemplateAsync(
            ["--set", "instances[0].name=camera-1", "--set", "instances[0].rtspUrl=rtsp://admin:secret@192.168.1.64/stream"],
            CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("credentialsSecret", result.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> JobEnvironment(RecordingIngest ingest, string key) => new()
    {
        ["CVR_INGEST_URL"] = ingest.Address,
        ["TOPOLOGY_NAME"] = "CVRToAMSAsset",
        ["CVR_OPERATOR_KEY"] = key,
        ["CAMERA_0_USERNAME"] = "admin",
        ["CAMERA_0_PASSWORD"] = "camera-password",
    };

    private static string SetupData(Manifests manifests, string key) =>
        manifests.Single("ConfigMap", "cvr-setup").Root.At("data", key).Text()
        ?? throw new Xunit.Sdk.XunitException($"The setup ConfigMap has no {key}");
}
