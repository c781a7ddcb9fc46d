using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Cvr.Ingest.Management;
using Cvr.Testing;

namespace Cvr.UnitTests.Management;

/// <summary>LVA's #Microsoft.Media.MediaGraphTlsEndpoint: what is taken, and what is refused naming the field, at topology and at instance time.</summary>
public sealed class TlsEndpointRulesTests : IDisposable
{
    private const string CacheRoot = "/var/lib/azuremediaservices";
    private const string Endpoint = "$.properties.sources[0].endpoint";

    private static readonly Dictionary<string, string> CameraParameters = new()
    {
        ["rtspUrl"] = "rtsps://127.0.0.1:8322/cam0",
        ["rtspUserName"] = "viewer",
        ["rtspPassword"] = "secret",
    };

    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create();

    public void Dispose() => _authority.Dispose();

    [Fact]
    public void Compile_TlsEndpointWithTrustedCertificates_GivesItsCertificatesAndStrictChecks()
    {
        var topology = TlsTopology(new JsonObject
        {
            ["@type"] = TlsEndpointRules.CertificateListType,
            ["certificates"] = new JsonArray(_authority.RootPem),
        });

        var plan = TopologyCompiler.Compile(topology, "camera-1", CameraParameters, CacheRoot);

        Assert.Equal([_authority.RootPem], plan.Tls!.TrustedCertificates);
        Assert.False(plan.Tls.IgnoreHostname);
        Assert.False(plan.Tls.IgnoreSignature);
        Assert.Equal(new CameraCredentials("viewer", "secret"), plan.Credentials);
    }

    [Fact]
    public void Compile_TlsEndpointWithoutOptions_TrustsTheSystemsRootsStrictly()
    {
        var plan = TopologyCompiler.Compile(TlsTopology(), "camera-1", CameraParameters, CacheRoot);

        Assert.Empty(plan.Tls!.TrustedCertificates);
        Assert.False(plan.Tls.IgnoreHostname);
        Assert.False(plan.Tls.IgnoreSignature);
    }

    [Fact]
    public void Compile_RtspsUrlOnAnUnsecuredEndpoint_IsCheckedStrictlyNeverUnverified()
    {
        var plan = TopologyCompiler.Compile(Lva(), "camera-1", CameraParameters, CacheRoot);

        Assert.Same(CameraTls.Strict, plan.Tls);
    }

    [Fact]
    public void Compile_RtspUrl_HasNoTls()
    {
        var plan = TopologyCompiler.Compile(Lva(), "camera-1", new Dictionary<string, string>(CameraParameters) { ["rtspUrl"] = "rtsp://127.0.0.1:8554/cam0" }, CacheRoot);

        Assert.Null(plan.Tls);
    }

    [Theory]
    [InlineData("true", "FALSE", true, false)]
    [InlineData("False", "True", false, true)]
    public void Compile_ValidationOptionsFromParameters_AreTheInstancesValues(string hostname, string signature, bool ignoreHostname, bool ignoreSignature)
    {
        var topology = TlsTopology(options: new JsonObject { ["ignoreHostname"] = "${ignoreHostname}", ["ignoreSignature"] = "${ignoreSignature}" });
        Declare(topology, "ignoreHostname", "false");
        Declare(topology, "ignoreSignature", "false");
        TopologyCompiler.CheckTopology(topology);

        var plan = TopologyCompiler.Compile(topology, "camera-1", new Dictionary<string, string>(CameraParameters) { ["ignoreHostname"] = hostname, ["ignoreSignature"] = signature }, CacheRoot);

        Assert.Equal(ignoreHostname, plan.Tls!.IgnoreHostname);
        Assert.Equal(ignoreSignature, plan.Tls.IgnoreSignature);
    }

    [Fact]
    public void Compile_ValidationOptionFromAParameterNeitherTrueNorFalse_NamesTheFieldAndTheParameter()
    {
        var topology = TlsTopology(options: new JsonObject { ["ignoreHostname"] = "${ignoreHostname}" });
        Declare(topology, "ignoreHostname", "false");

        var error = Assert.Throws<GraphValidationException>(() =>
            TopologyCompiler.Compile(topology, "camera-1", new Dictionary<string, string>(CameraParameters) { ["ignoreHostname"] = "yes" }, CacheRoot));

        Assert.Equal($"{Endpoint}.validationOptions.ignoreHostname", error.Field);
        Assert.Equal("ignoreHostname", error.Parameter);
        Assert.Contains("'yes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TrustedCertificateFromAParameter_IsCheckedWithTheInstance()
    {
        var topology = TlsTopology(new JsonObject { ["@type"] = TlsEndpointRules.CertificateListType, ["certificates"] = new JsonArray("${cameraRoot}") });
        Declare(topology, "cameraRoot", null);
        TopologyCompiler.CheckTopology(topology);

        var plan = TopologyCompiler.Compile(topology, "camera-1", new Dictionary<string, string>(CameraParameters) { ["cameraRoot"] = _authority.RootPem }, CacheRoot);
        var error = Assert.Throws<GraphValidationException>(() =>
            TopologyCompiler.Compile(topology, "camera-1", new Dictionary<string, string>(CameraParameters) { ["cameraRoot"] = "not a certificate" }, CacheRoot));

        Assert.Equal([_authority.RootPem], plan.Tls!.TrustedCertificates);
        Assert.Equal($"{Endpoint}.trustedCertificates.certificates[0]", error.Field);
        Assert.Equal("cameraRoot", error.Parameter);
    }

    [Fact]
    public void Compile_RtspUrlFromAParameterOnATlsEndpoint_NamesTheUrlAndTheParameter()
    {
        var error = Assert.Throws<GraphValidationException>(() =>
            TopologyCompiler.Compile(TlsTopology(), "camera-1", new Dictionary<string, string>(CameraParameters) { ["rtspUrl"] = "rtsp://127.0.0.1:8554/cam0" }, CacheRoot));

        Assert.Equal($"{Endpoint}.url", error.Field);
        Assert.Equal("rtspUrl", error.Parameter);
        Assert.Contains("rtsps://", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> RefusedTopologies() => new()
    {
        { "options", """{ "ignoreHostname": "maybe" }""", $"{Endpoint}.validationOptions.ignoreHostname" },
        { "options", """{ "ignoreHostname": true }""", $"{Endpoint}.validationOptions.ignoreHostname" },
        { "options", """{ "ignoreExpiry": "true" }""", $"{Endpoint}.validationOptions.ignoreExpiry" },
        { "options", """["ignoreHostname"]""", $"{Endpoint}.validationOptions" },
        { "certificates", """{ "@type": "#Microsoft.Media.MediaGraphKeyVaultCertificates", "certificates": [] }""", $"{Endpoint}.trustedCertificates.@type" },
        { "certificates", """{ "@type": "#Microsoft.Media.MediaGraphPemCertificateList", "certificates": [] }""", $"{Endpoint}.trustedCertificates.certificates" },
        { "certificates", """{ "@type": "#Microsoft.Media.MediaGraphPemCertificateList" }""", $"{Endpoint}.trustedCertificates.certificates" },
        { "certificates", """{ "certificates": [ "MIIB..." ] }""", $"{Endpoint}.trustedCertificates.certificates[0]" },
        { "certificates", """{ "certificates": [ 42 ] }""", $"{Endpoint}.trustedCertificates.certificates[0]" },
        { "certificates", "\"-----BEGIN CERTIFICATE-----\"", $"{Endpoint}.trustedCertificates" },
    };

    [Theory]
    [MemberData(nameof(RefusedTopologies))]
    public void CheckTopology_OptionCvrCannotHonour_NamesTheField(string where, string json, string field)
    {
        var value = JsonNode.Parse(json);
        var topology = where == "options" ? TlsTopology(options: value) : TlsTopology(value);

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(topology));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void CheckTopology_PrivateKeyAmongTrustedCertificates_IsRefusedWithoutRepeatingIt()
    {
        using var leaf = _authority.Issue();
        using var key = leaf.GetECDsaPrivateKey()!;
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        var topology = TlsTopology(new JsonObject { ["certificates"] = new JsonArray(leaf.ExportCertificatePem() + "\n" + keyPem) });

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(topology));

        Assert.Equal($"{Endpoint}.trustedCertificates.certificates[0]", error.Field);
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(keyPem.Split('\n')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckTopology_RtspUrlWrittenOutOnATlsEndpoint_NamesTheUrl()
    {
        var topology = TlsTopology();
        Source(topology)["endpoint"]!["url"] = "rtsp://10.0.0.5/stream1";

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(topology));

        Assert.Equal($"{Endpoint}.url", error.Field);
    }

    [Theory]
    [InlineData("Http")]
    [InlineData("http")]
    public void CheckTopology_HttpTransportWithATlsEndpoint_NamesTheTransport(string transport)
    {
        var topology = TlsTopology();
        Source(topology)["transport"] = transport;

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(topology));

        Assert.Equal("$.properties.sources[0].transport", error.Field);
    }

    [Theory]
    [InlineData("trustedCertificates")]
    [InlineData("validationOptions")]
    public void CheckTopology_TlsOptionsOnAnUnsecuredEndpoint_NamesTheField(string field)
    {
        var topology = Lva();
        Source(topology)["endpoint"]![field] = new JsonObject();

        var error = Assert.Throws<GraphValidationException>(() => TopologyCompiler.CheckTopology(topology));

        Assert.Equal($"{Endpoint}.{field}", error.Field);
    }

    private static JsonObject TlsTopology(JsonNode? trustedCertificates = null, JsonNode? options = null)
    {
        var topology = Lva();
        var endpoint = Source(topology)["endpoint"]!.AsObject();
        endpoint["@type"] = TlsEndpointRules.TlsEndpointType;
        if (trustedCertificates is not null)
        {
            endpoint["trustedCertificates"] = trustedCertificates;
        }

        if (options is not null)
        {
            endpoint["validationOptions"] = options;
        }

        return topology;
    }

    private static void Declare(JsonObject topology, string name, string? fallback)
    {
        var declaration = new JsonObject { ["name"] = name, ["type"] = "String" };
        if (fallback is not null)
        {
            declaration["default"] = fallback;
        }

        topology["properties"]!["parameters"]!.AsArray().Add(declaration);
    }

    private static JsonObject Source(JsonObject topology) => topology["properties"]!["sources"]![0]!.AsObject();

    private static JsonObject Lva() => (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.Topology("cvr-asset", "2.0")))!;
}
