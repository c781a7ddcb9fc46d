using System.Text.Json.Nodes;
using Cvr.Ingest.Management;
using Cvr.Testing;

namespace Cvr.UnitTests.Management;

public class TopologyCompilerTests
{
    /// <summary>Holds LVA's own cache path (/var/lib/azuremediaservices/tmp/), so that LVA's topology compiles unchanged.</summary>
    private const string LvaCacheRoot = "/var/lib/azuremediaservices";

    private static readonly Dictionary<string, string> CameraParameters = new()
    {
        ["rtspUrl"] = "rtsp://127.0.0.1:8554/cam0",
        ["rtspUserName"] = "viewer",
        ["rtspPassword"] = "p@ss word",
    };

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public void Compile_LvaCvrAssetTopology_GivesRecordingPlan(string version)
    {
        var topology = Load("cvr-asset", version);

        var plan = TopologyCompiler.Compile(topology, "camera-1", CameraParameters, LvaCacheRoot);

        Assert.Equal("camera-1", plan.Stream.StreamId);
        Assert.Equal("sampleasset-cvrtoamsasset-camera-1", plan.Stream.AssetName);
        Assert.Equal(30, plan.Stream.SegmentLengthSeconds);
        Assert.Equal(2048L * 1024 * 1024, plan.Stream.CacheMaximumSizeBytes);
        Assert.Equal("/var/lib/azuremediaservices/tmp", plan.Stream.CachePath);
        Assert.Equal(new Uri("rtsp://127.0.0.1:8554/cam0"), plan.RtspUrl);
        Assert.Equal("p@ss word", plan.Credentials!.Password);
        Assert.Equal(version == "2.0", plan.VideoOnly);
    }

    [Theory]
    [InlineData("is", "video", true)]
    [InlineData("isNot", "audio", true)]
    [InlineData("IS", "Video", true)]
    [InlineData(null, null, false)]
    public void Compile_OutputSelectors_LeaveTheAudioOutOnlyWhenTheyExcludeIt(string? op, string? value, bool videoOnly)
    {
        var topology = Load("cvr-asset", "2.0");
        var input = topology["properties"]!["sinks"]![0]!["inputs"]![0]!.AsObject();
        input.Remove("outputSelectors");
        if (op is not null)
        {
            input["outputSelectors"] = new JsonArray(new JsonObject { ["property"] = "mediaType", ["operator"] = op, ["value"] = value });
        }

        var plan = TopologyCompiler.Compile(topology, "camera-1", CameraParameters, LvaCacheRoot);

        Assert.Equal(videoOnly, plan.VideoOnly);
    }

    [Theory]
    [InlineData("isNot", "video")]
    [InlineData("is", "audio")]
    public void CheckTopology_SelectorThatDropsTheVideo_IsRefusedNamingIt(string op, string value)
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["sinks"]![0]!["inputs"]![0]!["outputSelectors"] = new JsonArray(new JsonObject { ["property"] = "mediaType", ["operator"] = op, ["value"] = value });

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(topology));

        Assert.EndsWith("outputSelectors[0]", error.Field, StringComparison.Ordinal);
        Assert.Contains("leaves no video", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cvr-with-motion", "1.0", "#Microsoft.Media.MediaGraphMotionDetectionProcessor")]
    [InlineData("cvr-with-motion", "2.0", "#Microsoft.Media.MediaGraphMotionDetectionProcessor")]
    [InlineData("evr-motion-assets", "2.0", "#Microsoft.Media.MediaGraphMotionDetectionProcessor")]
    [InlineData("evr-hubMessage-assets", "1.0", "#Microsoft.Media.MediaGraphIoTHubMessageSource")]
    public void CheckTopology_UnsupportedNode_NamesTheType(string name, string version, string type)
    {
        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(Load(name, version)));

        Assert.Contains(type, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(".@type", error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WithoutClockSource_FollowsTheHostsClock()
    {
        var plan = TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "camera-1", CameraParameters, LvaCacheRoot);

        Assert.Equal(RecordingClock.Host, plan.Clock);
    }

    [Fact]
    public void Compile_CameraClockSourceWithTolerance_TrustsTheCameraThatFar()
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["sources"]![0]!["clockSource"] = "Camera";
        topology["properties"]!["sources"]![0]!["cameraClockTolerance"] = "PT1.5S";

        var plan = TopologyCompiler.Compile(topology, "camera-1", CameraParameters, LvaCacheRoot);

        Assert.Equal(new RecordingClock(Cvr.Contracts.Events.ClockSource.Camera, TimeSpan.FromSeconds(1.5)), plan.Clock);
    }

    [Fact]
    public void Compile_ClockSourceFromAParameter_IsCheckedWhenTheInstanceIsSet()
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "clock", ["type"] = "String", ["default"] = "Host" });
        topology["properties"]!["sources"]![0]!["clockSource"] = "${clock}";

        var error = Assert.Throws<GraphValidationException>(() =>
            TopologyCompiler.Compile(topology, "camera-1", new Dictionary<string, string>(CameraParameters) { ["clock"] = "Gps" }, LvaCacheRoot));

        Assert.Equal("$.properties.sources[0].clockSource", error.Field);
        Assert.Contains("'Gps'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RetentionPeriodOnTheSink_IsTheStreamsRetention()
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["sinks"]![0]!["retentionPeriod"] = "P30D";

        var plan = TopologyCompiler.Compile(topology, "camera-1", CameraParameters, LvaCacheRoot);

        Assert.Equal(TimeSpan.FromDays(30), plan.Stream.RetentionPeriod);
        Assert.Null(TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "camera-1", CameraParameters, LvaCacheRoot).Stream.RetentionPeriod);
    }

    [Theory]
    [InlineData("PT59S")]
    [InlineData("30 days")]
    [InlineData("P")]
    public void Compile_RetentionPeriodUnderAMinuteOrNotADuration_NamesTheField(string value)
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["sinks"]![0]!["retentionPeriod"] = value;

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.Compile(topology, "camera-1", CameraParameters, LvaCacheRoot));

        Assert.Equal("$.properties.sinks[0].retentionPeriod", error.Field);
    }

    [Fact]
    public void Compile_RequiredParameterMissing_NamesTheParameter()
    {
        var error = Assert.Throws<GraphValidationException>(() =>
            TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "camera-1", new Dictionary<string, string>(), LvaCacheRoot));

        Assert.Contains("'rtspUrl'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PT45S")]
    [InlineData("PT6M")]
    public void Compile_BadSegmentLength_NamesTheField(string length)
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["sinks"]![0]!["segmentLength"] = length;

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.Compile(topology, "c", CameraParameters, LvaCacheRoot));

        Assert.Equal("$.properties.sinks[0].segmentLength", error.Field);
    }

    [Fact]
    public void Compile_RelativeCachePath_IsTakenUnderCacheRoot()
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = "camera-1";

        var plan = TopologyCompiler.Compile(topology, "c", CameraParameters, "/data/cache");

        Assert.Equal("/data/cache/camera-1", plan.Stream.CachePath);
    }

    [Fact]
    public void RecordingPlan_ToString_DoesNotShowThePassword()
    {
        var plan = TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "c", CameraParameters, LvaCacheRoot);

        Assert.DoesNotContain("p@ss", plan.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", plan.Credentials!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtspPassword", "new\nline", "password")]
    [InlineData("rtspPassword", "nul\0byte", "password")]
    [InlineData("rtspUserName", "carriage\rreturn", "username")]
    [InlineData("rtspUserName", "co:lon", "username")]
    public void Compile_CredentialRtspCannotCarry_IsRefusedWithoutShowingIt(string parameter, string value, string field)
    {
        var parameters = new Dictionary<string, string>(CameraParameters) { [parameter] = value };

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "c", parameters, LvaCacheRoot));

        Assert.EndsWith($".credentials.{field}", error.Field, StringComparison.Ordinal);
        Assert.Contains("RTSP authentication cannot carry", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UrlWithUserInfo_MovesItIntoTheCredentials()
    {
        var parameters = new Dictionary<string, string>(CameraParameters) { ["rtspUrl"] = "rtsp://admin:S3cret%40cam@10.0.0.5:554/stream1?channel=1" };

        var plan = TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "c", parameters, LvaCacheRoot);

        // The URL's user info wins over the credentials fields (LVA's sample gives them placeholder defaults).
        Assert.Equal(new CameraCredentials("admin", "S3cret@cam"), plan.Credentials);
        Assert.Equal("rtsp://10.0.0.5:554/stream1?channel=1", plan.RtspUrl.AbsoluteUri);
        Assert.Empty(plan.RtspUrl.UserInfo);
    }

    [Fact]
    public void Compile_UrlWithoutUserInfo_TakesTheCredentialsFields()
    {
        var plan = TopologyCompiler.Compile(Load("cvr-asset", "2.0"), "c", CameraParameters, LvaCacheRoot);

        Assert.Equal(new CameraCredentials("viewer", "p@ss word"), plan.Credentials);
        Assert.Equal("rtsp://127.0.0.1:8554/cam0", plan.RtspUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("/var/lib/elsewhere")]
    [InlineData("/var/lib/azuremediaservices/../elsewhere")]
    [InlineData("../elsewhere")]
    public void Compile_CachePathOutsideTheRoot_NamesTheFieldTheParameterAndTheRoot(string cachePath)
    {
        var topology = Load("cvr-asset", "2.0");
        topology["properties"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "cachePath", ["type"] = "String" });
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = "${cachePath}";

        var error = Assert.Throws<GraphValidationException>(() =>
            TopologyCompiler.Compile(topology, "c", new Dictionary<string, string>(CameraParameters) { ["cachePath"] = cachePath }, LvaCacheRoot));

        Assert.Equal("$.properties.sinks[0].localMediaCachePath", error.Field);
        Assert.Equal("cachePath", error.Parameter);
        Assert.Contains($"cache root '{LvaCacheRoot}'", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Load(string name, string version) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.Topology(name, version)))!;
}
