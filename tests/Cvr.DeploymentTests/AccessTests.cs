using Cvr.DeploymentTests.Support;
using YamlDotNet.RepresentationModel;

namespace Cvr.DeploymentTests;

/// <summary>What every service is told about its callers: API keys, identity provider, origins, rate limits.</summary>
[Collection(ChartCollection.Name)]
public class AccessTests(ChartRenders chart)
{
    public static TheoryData<string> AppIds() => [.. ChartRenders.AppIds];

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Env_EachService_TakesBothApiKeysFromTheKeysSecret(string appId)
    {
        foreach (var manifests in new[] { chart.Defaults, chart.TwoCameras, chart.Access })
        {
            var env = Env(manifests, appId);

            foreach (var (variable, key) in new[] { ("Cvr__Keys__Operator", "operator"), ("Cvr__Keys__Viewer", "viewer") })
            {
                var reference = env.ItemWith("name", variable).At("valueFrom", "secretKeyRef");
                Assert.Equal("cvr-api-keys", reference.At("name").Text());
                Assert.Equal(key, reference.At("key").Text());
            }
        }
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Env_JwtAuthorityUnset_RendersNoJwtVariable(string appId)
    {
        Assert.DoesNotContain(Env(chart.Defaults, appId).Items(), v => (v.At("name").Text() ?? "").StartsWith("Cvr__Jwt__", StringComparison.Ordinal));
        Assert.DoesNotContain(Env(chart.TwoCameras, appId).Items(), v => (v.At("name").Text() ?? "").StartsWith("Cvr__Jwt__", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Env_JwtAuthoritySet_RendersTheIssuerAudienceAndRoles(string appId)
    {
        var env = Env(chart.Access, appId);

        Assert.Equal("https://login.example.com/realms/edge", Value(env, "Cvr__Jwt__Authority"));
        Assert.Equal("cvr", Value(env, "Cvr__Jwt__Audience"));
        Assert.Equal("groups", Value(env, "Cvr__Jwt__RoleClaim"));
        Assert.Equal("cvr.operator", Value(env, "Cvr__Jwt__OperatorRole"));
        Assert.Equal("cvr.viewer", Value(env, "Cvr__Jwt__ViewerRole"));
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Env_HttpSettings_ReachEveryServiceAsWrittenInTheValues(string appId)
    {
        var defaults = Env(chart.Defaults, appId);
        var access = Env(chart.Access, appId);

        Assert.Equal("50", Value(defaults, "Cvr__Http__PermitsPerSecond"));
        Assert.Equal("200", Value(defaults, "Cvr__Http__Burst"));
        Assert.DoesNotContain(defaults.Items(), v => (v.At("name").Text() ?? "").StartsWith("Cvr__Http__AllowedOrigins", StringComparison.Ordinal));
        Assert.Equal("20", Value(access, "Cvr__Http__PermitsPerSecond"));
        // A number from a values file is a float to helm; it must not reach the service as 1e+06.
        Assert.Equal("1000000", Value(access, "Cvr__Http__Burst"));
        Assert.Equal("https://vms.example.com", Value(access, "Cvr__Http__AllowedOrigins__0"));
        Assert.Equal("http://localhost:5173", Value(access, "Cvr__Http__AllowedOrigins__1"));
        Assert.Null(access.ItemWith("name", "Cvr__Http__AllowedOrigins__2"));
    }

    [Fact]
    public void Env_PlaybackTokenLifetime_OnlyTheCatalogGetsIt()
    {
        var holders = ChartRenders.AppIds.Where(id => Env(chart.Defaults, id).ItemWith("name", "Cvr__Playback__TokenLifetime") is not null);

        Assert.Equal(["catalog"], holders);
        Assert.Equal("01:00:00", Value(Env(chart.Defaults, "catalog"), "Cvr__Playback__TokenLifetime"));
        Assert.Equal("04:30:00", Value(Env(chart.Access, "catalog"), "Cvr__Playback__TokenLifetime"));
    }

    [Theory]
    [InlineData("jwt.audience", "jwt.authority=https://login.example.com/realms/edge")]
    [InlineData("jwt.authority", "jwt.authority=http://login.example.com/realms/edge", "jwt.audience=cvr")]
    [InlineData("http.allowedOrigins", "http.allowedOrigins={*}")]
    [InlineData("http.allowedOrigins", "http.allowedOrigins={https://vms.example.com/}")]
    [InlineData("http.burst", "http.burst=0")]
    [InlineData("http.permitsPerSecond", "http.permitsPerSecond=2.5")]
    [InlineData("playback.tokenLifetime", "playback.tokenLifetime=1h")]
    [InlineData("operatorKey and viewerKey", "apiKeys.operatorKey=operator-only")]
    [InlineData("operatorKey and viewerKey", "apiKeys.operatorKey=same-key", "apiKeys.viewerKey=same-key")]
    [InlineData("apiKeys.existingSecret", "apiKeys.existingSecret=")]
    public async Task Template_InvalidAccessValue_FailsNamingTheSetting(string setting, params string[] values)
    {
        var result = await chart.Helm.TemplateAsync(values.SelectMany(v => new[] { "--set", v }), CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(setting, result.Error, StringComparison.Ordinal);
    }

    private static YamlNode? Env(Manifests manifests, string appId) =>
        manifests.Service(appId).Containers.ItemWith("name", appId).At("env");

    private static string? Value(YamlNode? env, string name) => env.ItemWith("name", name).At("value").Text();
}
