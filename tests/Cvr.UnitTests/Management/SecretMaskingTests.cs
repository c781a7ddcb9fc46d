using System.Text.Json.Nodes;
using Cvr.Ingest.Management;

namespace Cvr.UnitTests.Management;

/// <summary>What every answer masks: by type, by name, by where the topology puts a value, and URL user info.</summary>
public class SecretMaskingTests
{
    private const string Password = "Hunter2-Secret";

    [Fact]
    public void MaskInstance_StringParameterSubstitutedIntoThePassword_IsMasked()
    {
        var masked = SecretMasking.MaskInstance(Instance(("rtspUrl", "rtsp://cam/s"), ("cameraKey", Password)), Topology(password: "${cameraKey}"));

        Assert.Equal(SecretMasking.Mask, Value(masked, "cameraKey"));
        Assert.DoesNotContain(Password, masked.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MaskInstance_ParameterSubstitutedIntoTheUserName_IsMasked()
    {
        var masked = SecretMasking.MaskInstance(Instance(("rtspUrl", "rtsp://cam/s"), ("who", "operator-7")), Topology(username: "${who}"));

        Assert.Equal(SecretMasking.Mask, Value(masked, "who"));
    }

    [Fact]
    public void MaskInstance_UrlWithUserInfo_KeepsAllButTheUserInfo()
    {
        var masked = SecretMasking.MaskInstance(Instance(("rtspUrl", $"rtsp://admin:{Password}@10.0.0.5:554/stream1")), Topology());

        Assert.Equal("rtsp://***@10.0.0.5:554/stream1", Value(masked, "rtspUrl"));
    }

    [Fact]
    public void MaskInstance_PasswordWithAnUnescapedAt_IsMaskedWhole()
    {
        var masked = SecretMasking.MaskInstance(Instance(("rtspUrl", "rtsp://admin:p@ss@cam/s")), Topology());

        Assert.Equal("rtsp://***@cam/s", Value(masked, "rtspUrl"));
    }

    [Fact]
    public void MaskInstance_UserInfoInAnyOtherValue_IsMaskedToo()
    {
        var body = Instance(("rtspUrl", "rtsp://cam/s"));
        body["properties"]!["description"] = $"mirror of rtsp://admin:{Password}@backup/s";

        var masked = SecretMasking.MaskInstance(body, Topology());

        Assert.Equal("mirror of rtsp://***@backup/s", masked["properties"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void MaskInstance_SecretStringAndPasswordNamedParameters_AreMasked()
    {
        var topology = Topology();
        topology["properties"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "token", ["type"] = "SecretString" });
        var masked = SecretMasking.MaskInstance(Instance(("rtspUrl", "rtsp://cam/s"), ("token", "t0k3n"), ("backupPassword", "b4ck")), topology);

        Assert.Equal(SecretMasking.Mask, Value(masked, "token"));
        Assert.Equal(SecretMasking.Mask, Value(masked, "backupPassword"));
    }

    [Fact]
    public void MaskInstance_OrdinaryParameters_AreShownAsGiven()
    {
        var masked = SecretMasking.MaskInstance(Instance(("rtspUrl", "rtsp://10.0.0.5/s"), ("cachePath", "/var/media/cam")), Topology(password: "${cameraKey}"));

        Assert.Equal("rtsp://10.0.0.5/s", Value(masked, "rtspUrl"));
        Assert.Equal("/var/media/cam", Value(masked, "cachePath"));
    }

    [Fact]
    public void MaskTopology_DefaultsOfCredentialParameters_AreMasked()
    {
        var topology = Topology(username: "${cameraUser}", password: "${cameraKey}");
        topology["properties"]!["parameters"]![1]!["default"] = "admin";
        topology["properties"]!["parameters"]![2]!["default"] = Password;

        var masked = SecretMasking.MaskTopology(topology);

        Assert.Equal(SecretMasking.Mask, masked["properties"]!["parameters"]![1]!["default"]!.GetValue<string>());
        Assert.Equal(SecretMasking.Mask, masked["properties"]!["parameters"]![2]!["default"]!.GetValue<string>());
        Assert.Equal("${cameraKey}", masked["properties"]!["sources"]![0]!["endpoint"]!["credentials"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public void MaskTopology_WrittenOutPasswordAndUrlUserInfo_AreMasked()
    {
        var topology = Topology(password: Password);
        topology["properties"]!["sources"]![0]!["endpoint"]!["url"] = $"rtsp://admin:{Password}@cam/s";

        var masked = SecretMasking.MaskTopology(topology);

        Assert.DoesNotContain(Password, masked.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("rtsp://***@cam/s", masked["properties"]!["sources"]![0]!["endpoint"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void MaskTopology_UrlWhoseUserInfoIsParameters_ShowsTheReferencesAndMakesThemSecret()
    {
        var topology = Topology();
        topology["properties"]!["sources"]![0]!["endpoint"]!["url"] = "rtsp://${cameraUser}:${cameraKey}@cam/s";

        var masked = SecretMasking.MaskTopology(topology);

        Assert.Equal("rtsp://${cameraUser}:${cameraKey}@cam/s", masked["properties"]!["sources"]![0]!["endpoint"]!["url"]!.GetValue<string>());
        Assert.Equal(["cameraKey", "cameraUser"], SecretFields.Parameters(topology).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("rtsp://admin:p%40ss%3Aw0rd@10.0.0.5:554/s?ch=1", "admin", "p@ss:w0rd", "rtsp://10.0.0.5:554/s?ch=1")]
    [InlineData("rtsp://admin@cam/s", "admin", "", "rtsp://cam/s")]
    [InlineData("rtsps://u:p@[fe80::1]:322/s", "u", "p", "rtsps://[fe80::1]:322/s")]
    public void Split_UrlWithUserInfo_GivesAddressAndUnescapedCredentials(string url, string user, string password, string address)
    {
        var (bare, credentials) = UrlUserInfo.Split(new Uri(url));

        Assert.Equal(new CameraCredentials(user, password), credentials);
        Assert.Equal(address, bare.AbsoluteUri);
    }

    [Fact]
    public void Split_UrlWithoutUserInfo_IsUnchanged()
    {
        var url = new Uri("rtsp://10.0.0.5:554/s");

        Assert.Equal((url, (CameraCredentials?)null), UrlUserInfo.Split(url));
    }

    private static string? Value(JsonObject instance, string parameter) =>
        instance["properties"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == parameter)!["value"]!.GetValue<string>();

    private static JsonObject Instance(params (string Name, string Value)[] parameters) => new()
    {
        ["name"] = "cam",
        ["properties"] = new JsonObject
        {
            ["topologyName"] = "t",
            ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value })]),
        },
    };

    private static JsonObject Topology(string username = "viewer", string password = "") => new()
    {
        ["name"] = "t",
        ["properties"] = new JsonObject
        {
            ["parameters"] = new JsonArray
            {
                new JsonObject { ["name"] = "rtspUrl", ["type"] = "String" },
                new JsonObject { ["name"] = "cameraUser", ["type"] = "String" },
                new JsonObject { ["name"] = "cameraKey", ["type"] = "String" },
            },
            ["sources"] = new JsonArray
            {
                new JsonObject
                {
                    ["@type"] = TopologyCompiler.RtspSourceType,
                    ["name"] = "rtspSource",
                    ["endpoint"] = new JsonObject
                    {
                        ["url"] = "${rtspUrl}",
                        ["credentials"] = new JsonObject { ["username"] = username, ["password"] = password },
                    },
                },
            },
        },
    };
}
