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

    private static string SetupData(Manifests manifests, string key) =>
        manifests.Single("ConfigMap", "cvr-setup").Root.At("data", key).Text()
        ?? throw new Xunit.Sdk.XunitException($"The setup ConfigMap has no {key}");
}
