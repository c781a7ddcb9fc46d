using System.Text;
using System.Text.RegularExpressions;
using Cvr.DeploymentTests.Support;

namespace Cvr.DeploymentTests;

/// <summary>Secrets only by reference: nothing secret in a manifest unless the user passed it on purpose.</summary>
[Collection(ChartCollection.Name)]
public partial class SecretTests(ChartRenders chart)
{
    private const string ConnectionString = "DefaultEndpointsProtocol=https;AccountName=edge;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net";
    private const string Token = "app-token-9f86d081884c7d65";
    private const string RedisPassword = "redis-password-2c26b46b68ffc68f";
    private const string OperatorKey = "operator-key-3f79bb7b435b05321651";
    private const string ViewerKey = "viewer-key-81b637d8fcd2c6da6359";

    [Fact]
    public void Render_DefaultValues_CreatesNoSecret()
    {
        Assert.Empty(chart.Defaults.OfKind("Secret"));
        Assert.Empty(chart.TwoCameras.OfKind("Secret"));
        Assert.Empty(chart.Access.OfKind("Secret"));
    }

    [Fact]
    public void Render_DefaultValues_ContainsNoSecretLookingText()
    {
        var suspicious = SecretLookingText().Matches(chart.Defaults.Text + chart.TwoCameras.Text + chart.Access.Text).Select(m => m.Value).ToList();

        Assert.True(suspicious.Count == 0, "Secret-looking text in the rendered chart: " + string.Join(", ", suspicious));
    }

    [Fact]
    public void Env_EverySecretVariable_ComesFromASecretKeyRef()
    {
        var variables = (
            from manifest in chart.Defaults.Workloads.Concat(chart.TwoCameras.Workloads).Concat(chart.Access.Workloads)
            from container in manifest.Containers
            from variable in container.At("env").Items()
            let name = variable.At("name").Text() ?? ""
            where SecretVariable().IsMatch(name)
            select (manifest, name, variable)).ToList();

        Assert.Contains(variables, v => v.name == "Cvr__AssetStore");
        Assert.Contains(variables, v => v.name == "APP_API_TOKEN");
        Assert.Contains(variables, v => v.name == "REDIS_PASSWORD");
        Assert.Contains(variables, v => v.name == "CAMERA_0_PASSWORD");
        Assert.Contains(variables, v => v.name == "Cvr__Keys__Operator");
        Assert.Contains(variables, v => v.name == "Cvr__Keys__Viewer");
        Assert.Contains(variables, v => v.name == "CVR_OPERATOR_KEY");
        Assert.All(variables, v =>
        {
            Assert.True(v.variable.At("value") is null, $"{v.manifest}: {v.name} has a plain value");
            Assert.False(string.IsNullOrEmpty(v.variable.At("valueFrom", "secretKeyRef", "name").Text()), $"{v.manifest}: {v.name} is not from a Secret");
            Assert.False(string.IsNullOrEmpty(v.variable.At("valueFrom", "secretKeyRef", "key").Text()), $"{v.manifest}: {v.name} names no key");
        });
    }

    [Fact]
    public void Env_AssetStore_OnlyTheUploaderAndCatalogGetIt()
    {
        var holders = ChartRenders.AppIds
            .Where(id => chart.Defaults.Service(id).Containers.ItemWith("name", id).At("env").ItemWith("name", "Cvr__AssetStore") is not null);

        Assert.Equal(["uploader", "catalog"], holders);
    }

    [Fact]
    public async Task Render_SecretValuesPassedExplicitly_KeepsThemInSecretsItReferences()
    {
        var rendered = await chart.RenderAsync(
            [
                "--set-string", $"assetStore.connectionString={ConnectionString.Replace(",", "\\,", StringComparison.Ordinal)}",
                "--set-string", $"appToken.token={Token}",
                "--set-string", $"redis.auth.password={RedisPassword}",
            ],
            CancellationToken.None);

        var assetStore = rendered.Single("Secret", "cvr-asset-store");
        var appToken = rendered.Single("Secret", "cvr-app-token");
        var redis = rendered.Single("Secret", "cvr-redis");
        Assert.Equal(ConnectionString, Decode(assetStore.Root.At("data", "connectionString").Text()));
        Assert.Equal(Token, Decode(appToken.Root.At("data", "token").Text()));
        Assert.Equal(RedisPassword, Decode(redis.Root.At("data", "password").Text()));
        Assert.DoesNotContain(ConnectionString, rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(RedisPassword, rendered.Text, StringComparison.Ordinal);

        var uploader = rendered.Service("uploader").PodTemplate;
        var env = uploader.At("spec", "containers").Items()[0].At("env");
        Assert.Equal("cvr-asset-store", env.ItemWith("name", "Cvr__AssetStore").At("valueFrom", "secretKeyRef", "name").Text());
        Assert.Equal("cvr-app-token", uploader.At("metadata", "annotations", "dapr.io/app-token-secret").Text());
        Assert.Equal("cvr-redis", rendered.Single("Component", "pubsub").Root.At("spec", "metadata").ItemWith("name", "redisPassword").At("secretKeyRef", "name").Text());
    }

    [Fact]
    public async Task Render_ApiKeysPassedExplicitly_KeepsThemInTheKeysSecretOnly()
    {
        var rendered = await chart.RenderAsync(
            ["--set-string", $"apiKeys.operatorKey={OperatorKey}", "--set-string", $"apiKeys.viewerKey={ViewerKey}"],
            CancellationToken.None);

        var keys = rendered.Single("Secret", "cvr-api-keys");
        Assert.Equal(OperatorKey, Decode(keys.Root.At("data", "operator").Text()));
        Assert.Equal(ViewerKey, Decode(keys.Root.At("data", "viewer").Text()));
        Assert.Single(rendered.OfKind("Secret"));
        var elsewhere = string.Join('\n', rendered.All.Where(m => m.Kind != "Secret").Select(m => m.Root.Canonical()));
        foreach (var key in new[] { OperatorKey, ViewerKey })
        {
            Assert.DoesNotContain(key, rendered.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(key)), elsewhere, StringComparison.Ordinal);
        }

        var ingest = rendered.Service("ingest").Containers.ItemWith("name", "ingest").At("env");
        Assert.Equal("cvr-api-keys", ingest.ItemWith("name", "Cvr__Keys__Operator").At("valueFrom", "secretKeyRef", "name").Text());
        var setup = rendered.Single("Job", "cvr-setup").Containers.Single().At("env");
        Assert.Equal("cvr-api-keys", setup.ItemWith("name", "CVR_OPERATOR_KEY").At("valueFrom", "secretKeyRef", "name").Text());
    }

    [Fact]
    public async Task Render_ApiKeysInAnotherSecret_EveryReferenceNamesIt()
    {
        var rendered = await chart.RenderAsync(["--set", "apiKeys.existingSecret=edge-keys"], CancellationToken.None);

        var references = rendered.Workloads
            .SelectMany(w => w.Containers)
            .SelectMany(c => c.At("env").Items())
            .Where(v => v.At("name").Text() is "Cvr__Keys__Operator" or "Cvr__Keys__Viewer" or "CVR_OPERATOR_KEY")
            .Select(v => v.At("valueFrom", "secretKeyRef", "name").Text())
            .ToList();

        Assert.Equal((ChartRenders.AppIds.Length * 2) + 1, references.Count);
        Assert.All(references, name => Assert.Equal("edge-keys", name));
        Assert.Empty(rendered.OfKind("Secret"));
    }

    private static string Decode(string? base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64 ?? ""));

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|sig=[A-Za-z0-9%]{10,}|requirepass\s+[^\s""]|rtsps?://[^\s/]*:[^\s/]*@")]
    private static partial Regex SecretLookingText();

    // Cvr__Playback__TokenLifetime and Cvr__Jwt__Authority are settings, and KeyRing__*Path paths to a mounted Secret, not secrets.
    [GeneratedRegex("(?i)^(?!keyring__)(?=.*(password|token(?!lifetime)|secret|username|assetstore|auth(?!ority)|key))")]
    private static partial Regex SecretVariable();
}
