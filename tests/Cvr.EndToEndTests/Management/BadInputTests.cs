using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cvr.Testing;
using static Cvr.EndToEndTests.Management.ManagementHostFixture;

namespace Cvr.EndToEndTests.Management;

/// <summary>
/// The table of bad inputs: each request is refused with the status it deserves and, for a 400, ProblemDetails
/// naming the JSON path (or field) at fault. Nothing ever answers 5xx.
/// </summary>
public sealed class BadInputTests(ManagementHostFixture lab) : IClassFixture<ManagementHostFixture>
{
    private const string Topologies = "api/graphTopologies/";
    private const string Instances = "api/graphInstances/";

    public static TheoryData<string, string, string, string, int, string> Table()
    {
        var rows = new TheoryData<string, string, string, string, int, string>();
        void Topology(string name, Action<JsonObject> change, string field, string url = Topologies + "bad")
        {
            var body = SampleTopology();
            body["name"] = "bad";
            change(body);
            rows.Add(name, "PUT", url, body.ToJsonString(), 400, field);
        }

        void LabTopology(string name, Action<JsonObject> change, string field)
        {
            var body = ManagementHostFixture.LabTopology();
            body["name"] = "bad";
            change(body);
            rows.Add(name, "PUT", Topologies + "bad", body.ToJsonString(), 400, field);
        }

        void Instance(string name, Action<JsonObject> change, string field, string instance = "bad")
        {
            var body = LabInstance(instance, "/tmp/cvr-bad-input/" + instance);
            change(body);
            rows.Add(name, "PUT", Instances + instance, body.ToJsonString(), 400, field);
        }

        JsonNode Sink(JsonObject t) => t["properties"]!["sinks"]![0]!;
        JsonNode Source(JsonObject t) => t["properties"]!["sources"]![0]!;
        JsonArray Parameters(JsonObject i) => i["properties"]!["parameters"]!.AsArray();

        // Requests that are not JSON objects, or names that are not names.
        rows.Add("body is not JSON", "PUT", Topologies + "bad", "{\"name\": ", 400, "$");
        rows.Add("body is an array", "PUT", Topologies + "bad", "[]", 400, "$");
        rows.Add("instance body is a string", "PUT", Instances + "bad", "\"camera\"", 400, "$");
        rows.Add("topology name with a space", "PUT", Topologies + "a%20b", SampleTopology().ToJsonString(), 400, "$.name");
        rows.Add("topology name of 65 characters", "PUT", Topologies + new string('a', 65), SampleTopology().ToJsonString(), 400, "$.name");
        rows.Add("topology name starting with a dash", "PUT", Topologies + "-lead", SampleTopology().ToJsonString(), 400, "$.name");
        rows.Add("instance name with a colon", "PUT", Instances + "cam:1", LabInstance("cam:1", "/tmp/x").ToJsonString(), 400, "$.name");
        rows.Add("instance name traversing", "GET", Instances + "..%2F..%2Fetc", string.Empty, 400, "$.name");
        Topology("@apiVersion 3.0", t => t["@apiVersion"] = "3.0", "$.@apiVersion");

        // Topology structure.
        Topology("no properties", t => t.Remove("properties"), "$.properties");
        Topology("description is a number", t => t["properties"]!["description"] = 7, "$.properties.description");
        Topology("parameters is an object", t => t["properties"]!["parameters"] = new JsonObject(), "$.properties.parameters");
        Topology("parameter without a type", t => t["properties"]!["parameters"]![0]!.AsObject().Remove("type"), "$.properties.parameters[0].type");
        Topology("parameter type Float", t => t["properties"]!["parameters"]![0]!["type"] = "Float", "$.properties.parameters[0].type");
        Topology("parameter declared twice", t => t["properties"]!["parameters"]![1]!["name"] = "rtspUserName", "$.properties.parameters[1].name");
        Topology("parameter name with a slash", t => t["properties"]!["parameters"]![0]!["name"] = "a/b", "$.properties.parameters[0].name");
        LabTopology("Int parameter with default abc", t => t["properties"]!["parameters"]![3]!["default"] = "abc", "$.properties.parameters[3].default");
        Topology("undeclared ${parameter}", t => Source(t)["endpoint"]!["url"] = "${cameraUrl}", "$.properties.sources[0].endpoint.url");
        Topology("unterminated ${", t => Source(t)["endpoint"]!["url"] = "${rtspUrl", "$.properties.sources[0].endpoint.url");
        Topology("undeclared System parameter", t => Sink(t)["assetNamePattern"] = "x-${System.DateTime}", "$.properties.sinks[0].assetNamePattern");

        // Nodes and how they connect.
        Topology("unsupported processor", t => t["properties"]!["processors"] = new JsonArray(new JsonObject { ["@type"] = "#Microsoft.Media.MediaGraphMotionDetectionProcessor", ["name"] = "motion" }), "$.properties.processors[0].@type");
        Topology("source without @type", t => Source(t).AsObject().Remove("@type"), "$.properties.sources[0].@type");
        Topology("two RTSP sources", t => t["properties"]!["sources"]!.AsArray().Add(new JsonObject { ["@type"] = "#Microsoft.Media.MediaGraphRtspSource", ["name"] = "second", ["endpoint"] = Source(t)["endpoint"]!.DeepClone() }), "$.properties.sources");
        Topology("no sink", t => t["properties"]!.AsObject().Remove("sinks"), "$.properties.sinks");
        Topology("sink input names no node", t => Sink(t)["inputs"]![0]!["nodeName"] = "camera", "$.properties.sinks[0].inputs[0].nodeName");
        Topology("sink without inputs", t => Sink(t).AsObject().Remove("inputs"), "$.properties.sinks[0].inputs");
        Topology("sink input is the sink itself", t => Sink(t)["inputs"]![0]!["nodeName"] = "assetSink", "$.properties.sinks[0].inputs[0].nodeName");
        Topology("two nodes with one name", t => Sink(t)["name"] = "rtspSource", "$.properties.sinks[0].name");
        Topology("node name with a slash", t => Source(t)["name"] = "../rtsp", "$.properties.sources[0].name");
        Topology("audio-only output selector", t => Sink(t)["inputs"]![0]!["outputSelectors"]![0]!["value"] = "audio", "$.properties.sinks[0].inputs[0].outputSelectors[0]");

        // Property values written out in the topology.
        Topology("segmentLength PT45S", t => Sink(t)["segmentLength"] = "PT45S", "$.properties.sinks[0].segmentLength");
        Topology("segmentLength PT10S", t => Sink(t)["segmentLength"] = "PT10S", "$.properties.sinks[0].segmentLength");
        Topology("segmentLength PT6M", t => Sink(t)["segmentLength"] = "PT6M", "$.properties.sinks[0].segmentLength");
        Topology("segmentLength \"30\"", t => Sink(t)["segmentLength"] = "30", "$.properties.sinks[0].segmentLength");
        Topology("segmentLength a number", t => Sink(t)["segmentLength"] = 30, "$.properties.sinks[0].segmentLength");
        Topology("cache size 0", t => Sink(t)["localMediaCacheMaximumSizeMiB"] = "0", "$.properties.sinks[0].localMediaCacheMaximumSizeMiB");
        Topology("cache size negative", t => Sink(t)["localMediaCacheMaximumSizeMiB"] = "-5", "$.properties.sinks[0].localMediaCacheMaximumSizeMiB");
        Topology("cache size fractional", t => Sink(t)["localMediaCacheMaximumSizeMiB"] = "1.5", "$.properties.sinks[0].localMediaCacheMaximumSizeMiB");
        Topology("cache size beyond 1 TiB", t => Sink(t)["localMediaCacheMaximumSizeMiB"] = "99999999999", "$.properties.sinks[0].localMediaCacheMaximumSizeMiB");
        Topology("cache size missing", t => Sink(t).AsObject().Remove("localMediaCacheMaximumSizeMiB"), "$.properties.sinks[0].localMediaCacheMaximumSizeMiB");
        Topology("cache path missing", t => Sink(t).AsObject().Remove("localMediaCachePath"), "$.properties.sinks[0].localMediaCachePath");
        Topology("camera URL is http", t => Source(t)["endpoint"]!["url"] = "http://camera/stream", "$.properties.sources[0].endpoint.url");
        Topology("endpoint type unknown", t => Source(t)["endpoint"]!["@type"] = "#Microsoft.Media.MediaGraphSecretEndpoint", "$.properties.sources[0].endpoint.@type");
        Topology("credentials are a string", t => Source(t)["endpoint"]!["credentials"] = "user:pass", "$.properties.sources[0].endpoint.credentials");
        Topology("UDP transport", t => Source(t)["transport"] = "Udp", "$.properties.sources[0].transport");
        Topology("TLS endpoint with an unknown validation option", t => Source(t)["endpoint"] = new JsonObject { ["@type"] = "#Microsoft.Media.MediaGraphTlsEndpoint", ["url"] = "${rtspUrl}", ["validationOptions"] = new JsonObject { ["ignoreExpiry"] = "true" } }, "$.properties.sources[0].endpoint.validationOptions.ignoreExpiry");
        Topology("TLS endpoint trusting no PEM", t => Source(t)["endpoint"] = new JsonObject { ["@type"] = "#Microsoft.Media.MediaGraphTlsEndpoint", ["url"] = "${rtspUrl}", ["trustedCertificates"] = new JsonObject { ["certificates"] = new JsonArray("MIIB") } }, "$.properties.sources[0].endpoint.trustedCertificates.certificates[0]");
        Topology("TLS endpoint over Http", t => { Source(t)["endpoint"]!["@type"] = "#Microsoft.Media.MediaGraphTlsEndpoint"; Source(t)["transport"] = "Http"; }, "$.properties.sources[0].transport");
        Topology("clockSource of a sundial", t => Source(t)["clockSource"] = "Sundial", "$.properties.sources[0].clockSource");
        Topology("clockSource empty", t => Source(t)["clockSource"] = "", "$.properties.sources[0].clockSource");
        Topology("cameraClockTolerance in seconds", t => Source(t)["cameraClockTolerance"] = "5", "$.properties.sources[0].cameraClockTolerance");
        Topology("cameraClockTolerance of zero", t => Source(t)["cameraClockTolerance"] = "PT0S", "$.properties.sources[0].cameraClockTolerance");
        Topology("cameraClockTolerance over an hour", t => Source(t)["cameraClockTolerance"] = "PT2H", "$.properties.sources[0].cameraClockTolerance");
        Topology("retentionPeriod under a minute", t => Sink(t)["retentionPeriod"] = "PT30S", "$.properties.sinks[0].retentionPeriod");
        Topology("retentionPeriod in days as a number", t => Sink(t)["retentionPeriod"] = "30", "$.properties.sinks[0].retentionPeriod");
        Topology("asset name with a slash", t => Sink(t)["assetNamePattern"] = "a/b", "$.properties.sinks[0].assetNamePattern");

        // Instances.
        Instance("instance without properties", i => i.Remove("properties"), "$.properties");
        Instance("instance without topologyName", i => i["properties"]!.AsObject().Remove("topologyName"), "$.properties.topologyName");
        Instance("instance of a missing topology", i => i["properties"]!["topologyName"] = "nowhere", "$.properties.topologyName");
        Instance("required rtspUrl not given", i => Parameters(i).RemoveAt(0), "$.properties.parameters");
        Instance("parameter the topology does not declare", i => Parameters(i).Add(new JsonObject { ["name"] = "fps", ["value"] = "30" }), "$.properties.parameters[2].name");
        Instance("parameter given twice", i => Parameters(i).Add(new JsonObject { ["name"] = "rtspUrl", ["value"] = "rtsp://127.0.0.1/x" }), "$.properties.parameters[2].name");
        Instance("parameter value an object", i => Parameters(i)[0]!["value"] = new JsonObject(), "$.properties.parameters[0].value");
        Instance("String parameter given a number", i => Parameters(i)[0]!["value"] = 554, "$.properties.parameters[0].value");
        Instance("parameters is an object", i => i["properties"]!["parameters"] = new JsonObject(), "$.properties.parameters");
        Instance("rtspUrl is http", i => Parameters(i)[0]!["value"] = "http://camera/", "$.properties.parameters[0].value");
        Instance("segmentLength parameter PT45S", i => Parameters(i).Add(new JsonObject { ["name"] = "segmentLength", ["value"] = "PT45S" }), "$.properties.parameters[2].value");
        Instance("cacheMiB parameter 0", i => Parameters(i).Add(new JsonObject { ["name"] = "cacheMiB", ["value"] = "0" }), "$.properties.parameters[2].value");
        Instance("Int parameter not a number", i => Parameters(i).Add(new JsonObject { ["name"] = "cacheMiB", ["value"] = "lots" }), "$.properties.parameters[2].value");
        Instance("cache path is /", i => Parameters(i)[1]!["value"] = "/", "$.properties.parameters[1].value");
        Instance("cache path under a file", i => Parameters(i)[1]!["value"] = "/etc/hostname/cache", "$.properties.parameters[1].value");
        Instance("cache path shared with owner", i => Parameters(i)[1]!["value"] = "OWNER", "$.properties.parameters[1].value");
        Instance("cache path inside owner's", i => Parameters(i)[1]!["value"] = "OWNER/inner", "$.properties.parameters[1].value");
        Instance("cache path outside the cache root", i => Parameters(i)[1]!["value"] = "/var/tmp/cvr-bad-input/outside", "$.properties.parameters[1].value");
        Instance("cache path climbing out of the root", i => Parameters(i)[1]!["value"] = "ROOT/../cvr-climbed-out", "$.properties.parameters[1].value");
        Instance("relative cache path climbing out", i => Parameters(i)[1]!["value"] = "../cvr-climbed-out", "$.properties.parameters[1].value");
        return rows;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task BadInput_IsRefusedNamingTheField(string reason, string method, string url, string body, int status, string field)
    {
        body = body.Replace("OWNER", lab.OwnerCachePath, StringComparison.Ordinal).Replace("ROOT", lab.Folder, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await lab.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{reason}: expected {status}, got {(int)response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"{reason}: expected the field {field} in {text}");
    }

    [Fact]
    public async Task RequiredParameterMissing_NamesIt()
    {
        var body = LabInstance("missing", "/tmp/cvr-bad-input/missing");
        body["properties"]!["parameters"]!.AsArray().RemoveAt(0);

        using var response = await lab.Host.Http.PutAsync(new Uri(Instances + "missing", UriKind.Relative), Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'rtspUrl'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtsp://admin:Hunter2-Secret@cam:99999/s")]
    [InlineData("rtsp://admin:p%C3%A4Hunter2-Secret@/s")]
    [InlineData("http://admin:Hunter2-Secret@cam/s")]
    public async Task BadCameraUrl_RefusalDoesNotShowItsPassword(string url)
    {
        var body = LabInstance("leaky", Path.Combine(lab.Folder, "leaky"), url);

        using var response = await lab.Host.Http.PutAsync(new Uri(Instances + "leaky", UriKind.Relative), Json(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.properties.parameters[0].value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CachePathOutsideTheRoot_IsRefusedNamingTheRoot()
    {
        var body = LabInstance("outside", "/var/tmp/cvr-outside-the-root");

        using var response = await lab.Host.Http.PutAsync(new Uri(Instances + "outside", UriKind.Relative), Json(body));
        var message = await FieldMessageAsync(response, "$.properties.parameters[1].value");

        Assert.Contains($"cache root '{lab.Folder}'", message, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/var/tmp/cvr-outside-the-root"));
    }

    [Fact]
    public async Task CachePathThroughASymbolicLinkOutOfTheRoot_IsRefusedAndNothingIsMadeThere()
    {
        using var outside = new TemporaryFolder();
        var link = Path.Combine(lab.Folder, "escape");
        Directory.CreateSymbolicLink(link, outside.Path);
        var body = LabInstance("linked", Path.Combine(link, "camera"));

        using var response = await lab.Host.Http.PutAsync(new Uri(Instances + "linked", UriKind.Relative), Json(body));
        var message = await FieldMessageAsync(response, "$.properties.parameters[1].value");

        Assert.Contains($"cache root '{lab.Folder}'", message, StringComparison.Ordinal);
        Assert.Contains($"symbolic link '{link}'", message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outside.Path));
    }

    [Fact]
    public async Task RelativeCachePath_IsTakenUnderTheRoot()
    {
        var body = LabInstance("relative", "relative-camera");

        using var response = await lab.Host.Http.PutAsync(new Uri(Instances + "relative", UriKind.Relative), Json(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(Directory.Exists(Path.Combine(lab.Folder, "relative-camera")));
    }

    [Fact]
    public async Task UnsupportedNode_ListsWhatIsSupported()
    {
        var body = SampleTopology();
        body["properties"]!["processors"] = new JsonArray(new JsonObject { ["@type"] = "#Microsoft.Media.MediaGraphGrpcExtension", ["name"] = "ai" });

        using var response = await lab.Host.Http.PutAsync(new Uri(Topologies + "ai", UriKind.Relative), Json(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("#Microsoft.Media.MediaGraphGrpcExtension", text, StringComparison.Ordinal);
        Assert.Contains("#Microsoft.Media.MediaGraphRtspSource", text, StringComparison.Ordinal);
        Assert.Contains("#Microsoft.Media.MediaGraphAssetSink", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverOneMebibyte_Is413()
    {
        var body = SampleTopology();
        body["properties"]!["description"] = new string('x', 1024 * 1024);

        // Expect: 100-continue, so the client waits for the answer instead of writing into a closed connection.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Topologies + "huge", UriKind.Relative)) { Content = Json(body) };
        request.Headers.ExpectContinue = true;

        using var response = await lab.Host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", Topologies + "nowhere", HttpStatusCode.NotFound)]
    [InlineData("GET", Instances + "nowhere", HttpStatusCode.NotFound)]
    [InlineData("POST", Instances + "nowhere/activate", HttpStatusCode.NotFound)]
    [InlineData("POST", Instances + "nowhere/deactivate", HttpStatusCode.NotFound)]
    [InlineData("DELETE", Topologies + ManagementHostFixture.Lab, HttpStatusCode.Conflict)]
    public async Task MissingOrInUse_IsNotFoundOrConflict(string method, string url, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));

        using var response = await lab.Host.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SegmentLengthInThirtySecondSteps_IsAccepted()
    {
        var body = LabInstance("ninety", Path.Combine(lab.Folder, "ninety"));
        body["properties"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "segmentLength", ["value"] = "PT1M30S" });

        using var response = await lab.Host.Http.PutAsync(new Uri(Instances + "ninety", UriKind.Relative), Json(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The message of a 400 ProblemDetails for the field, which must be named.</summary>
    private static async Task<string> FieldMessageAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        var messages = JsonNode.Parse(text)!["errors"]?[field]?.AsArray();
        Assert.True(messages is { Count: > 0 }, $"expected the field {field} in {text}");
        return messages![0]!.GetValue<string>();
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
