using System.Globalization;
using System.Text.Json;
using Cvr.DeploymentTests.Support;
using Cvr.Platform.Messaging;
using Cvr.Testing;

namespace Cvr.DeploymentTests;

/// <summary>
/// components/: what `dapr run -f dapr.yaml` loads. Scoped, secrets by reference, and the same as what the
/// chart renders for Kubernetes (apart from where Redis is and which secret store holds its password).
/// </summary>
[Collection(ChartCollection.Name)]
public class ComponentsFolderTests(ChartRenders chart)
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "components");

    public static IReadOnlyList<Manifest> Resources { get; } =
    [
        .. Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => Yaml.LoadDocuments(File.ReadAllText(f)))
            .Select(d => new Manifest(d)),
    ];

    [Fact]
    public void ComponentsFolder_EveryResource_ParsesAndIsScopedToTheFourServices()
    {
        Assert.Equal(
            ["Component/localsecretstore", "Component/pubsub", "Component/statestore", "Resiliency/cvr"],
            Resources.Select(r => r.ToString()).Order(StringComparer.Ordinal));
        Assert.All(Resources, r => Assert.Equal(ChartRenders.AppIds, r.Root.At("scopes").Texts()));
        Assert.All(Resources, r => Assert.Equal("dapr.io/v1alpha1", r.ApiVersion));
    }

    [Fact]
    public void ComponentsFolder_Secrets_AreReferencesIntoTheLocalSecretStore()
    {
        var components = Resources.Where(r => r.Kind == "Component" && !IsSecretStore(r)).ToList();

        Assert.Equal(["pubsub", "statestore"], components.Select(c => c.Name));
        Assert.All(components, c =>
        {
            DaprAssert.SecretsByReference(c);
            Assert.Equal("localsecretstore", c.Root.At("auth", "secretStore").Text());
        });
    }

    [Fact]
    public void ComponentsFolder_SecretsFile_IsGitIgnoredWithACommittedExample()
    {
        var store = Resources.Single(r => r.Name == "localsecretstore");
        var secretsFile = store.Root.At("spec", "metadata").ItemWith("name", "secretsFile").At("value").Text() ?? "";
        var folder = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, secretsFile))!;
        var example = Path.Combine(folder, Path.GetFileNameWithoutExtension(secretsFile) + ".example.json");

        Assert.Equal("secretstores.local.file", store.Root.At("spec", "type").Text());
        Assert.Contains(Path.GetFileName(secretsFile), File.ReadAllLines(Path.Combine(folder, ".gitignore")));
        using var keys = JsonDocument.Parse(File.ReadAllText(example));
        var referenced = Resources
            .SelectMany(r => r.Root.At("spec", "metadata").Items())
            .Select(m => m.At("secretKeyRef", "name").Text())
            .OfType<string>()
            .Distinct();
        Assert.All(referenced, name => Assert.True(keys.RootElement.TryGetProperty(name, out _), $"{example} has no {name}"));
    }

    [Fact]
    public void ComponentsFolder_AndChart_DescribeTheSameComponents()
    {
        foreach (var local in Resources.Where(r => r.Kind == "Component" && !IsSecretStore(r)))
        {
            var rendered = chart.Defaults.Single("Component", local.Name);
            Assert.Equal(local.Root.At("spec", "type").Text(), rendered.Root.At("spec", "type").Text());
            Assert.Equal(local.Root.At("spec", "version").Text(), rendered.Root.At("spec", "version").Text());
            Assert.Equal(local.Root.At("scopes").Texts(), rendered.Root.At("scopes").Texts());
            Assert.Equal(Comparable(local), Comparable(rendered));
        }
    }

    [Fact]
    public void ComponentsFolder_AndChart_HaveTheSameResiliency()
    {
        var local = Resources.Single(r => r.Kind == "Resiliency");
        var rendered = chart.Defaults.OfKind("Resiliency").Single();

        Assert.Equal(local.Root.At("spec").Canonical(), rendered.Root.At("spec").Canonical());
        Assert.Equal(local.Root.At("scopes").Texts(), rendered.Root.At("scopes").Texts());
    }

    [Fact]
    public void ComponentsFolder_PubSubDeliveries_AreRetriedBeforeDeadLetteringAndWithinTheProcessingTimeout()
    {
        DaprAssert.DeliveriesRetriedWithinProcessingTimeout(
            Resources.Single(r => r.Kind == "Resiliency").Root,
            Resources.Single(r => r.Name == "pubsub").Root);
    }

    [Fact]
    public void ComponentsFolder_InboundDeliveryPolicy_IsTheOneTheInProcessBusApplies()
    {
        var resiliency = Resources.Single(r => r.Kind == "Resiliency").Root;
        var inbound = resiliency.At("spec", "targets", "components", "pubsub", "inbound");
        var retry = resiliency.At("spec", "policies", "retries", inbound.At("retry").Text() ?? "");
        var timeout = resiliency.At("spec", "policies", "timeouts", inbound.At("timeout").Text() ?? "").Text() ?? "";
        var policy = DeliveryPolicy.Default;

        // daprd's exponential policy starts at 0.5 s and grows by 1.5 (fixed in daprd, not in the YAML).
        Assert.Equal("exponential", retry.At("policy").Text());
        Assert.Equal((TimeSpan.FromMilliseconds(500), 1.5), (policy.Backoff.Initial, policy.Backoff.Multiplier));
        Assert.Equal(policy.Backoff.Maximum, Yaml.Duration(retry.At("maxInterval").Text() ?? ""));
        Assert.Equal(policy.MaxRetries.ToString(CultureInfo.InvariantCulture), retry.At("maxRetries").Text());
        Assert.Equal(policy.AttemptTimeout, Yaml.Duration(timeout));
    }

    private static bool IsSecretStore(Manifest component) =>
        (component.Root.At("spec", "type").Text() ?? "").StartsWith("secretstores.", StringComparison.Ordinal);

    /// <summary>Metadata by name: values (but where Redis is), or that the value is a secret reference.</summary>
    private static string Comparable(Manifest component) =>
        string.Join('\n', component.Root.At("spec", "metadata").Items()
            .Select(m => (Name: m.At("name").Text() ?? "", Item: m))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => m.Name switch
            {
                "redisHost" => "redisHost=(where Redis runs)",
                _ when m.Item.At("secretKeyRef") is not null => $"{m.Name}=(secret)",
                _ => $"{m.Name}={m.Item.At("value").Text()}",
            }));
}
