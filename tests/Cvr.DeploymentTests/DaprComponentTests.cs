using System.Reflection;
using Cvr.Contracts.Events;
using Cvr.DeploymentTests.Support;

namespace Cvr.DeploymentTests;

/// <summary>The chart's Dapr resources: scoped, secrets by reference, topics as the event contract says.</summary>
[Collection(ChartCollection.Name)]
public class DaprComponentTests(ChartRenders chart)
{
    /// <summary>Every public topic of src/Cvr.Contracts.</summary>
    public static IReadOnlyList<string> ContractTopics { get; } =
    [
        .. typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t))
            .Select(t => (string)t.GetProperty(nameof(IIntegrationEvent.Topic), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!),
    ];

    [Fact]
    public void DaprResources_Rendered_AreEachScopedToAppIds()
    {
        var scoped = DaprResources(chart.Defaults).Concat(DaprResources(chart.TwoCameras)).ToList();

        Assert.Contains(scoped, m => m.Kind == "Subscription");
        Assert.All(scoped, m => Assert.True(m.Root.At("scopes").Texts().Count > 0, $"{m} has no scopes"));
        Assert.All(
            DaprResources(chart.Defaults).Where(m => m.Kind != "Subscription"),
            m => Assert.Equal(ChartRenders.AppIds, m.Root.At("scopes").Texts()));
    }

    [Fact]
    public void DaprResources_ExtraAppIds_JoinTheComponentsScopes()
    {
        var pubsub = chart.TwoCameras.Single("Component", "pubsub");

        Assert.Equal([.. ChartRenders.AppIds, "uploaded-minutes"], pubsub.Root.At("scopes").Texts());
    }

    [Fact]
    public void Components_Rendered_TakeSecretsFromTheKubernetesSecretStore()
    {
        var components = chart.Defaults.OfKind("Component").ToList();

        Assert.Equal(["pubsub", "statestore"], components.Select(c => c.Name));
        Assert.All(components, c =>
        {
            Assert.Equal("kubernetes", c.Root.At("auth", "secretStore").Text());
            DaprAssert.SecretsByReference(c);
        });
    }

    [Fact]
    public void PubSub_PublishingScopes_GiveEachContractTopicOnePublisher()
    {
        var publishing = TopicScopes(chart.Defaults, "publishingScopes");

        Assert.All(ContractTopics, topic => Assert.Single(publishing, p => p.Value.Contains(topic)));
        Assert.Equal(ChartRenders.AppIds.Order(StringComparer.Ordinal), publishing.Keys.Order(StringComparer.Ordinal));
        Assert.All(publishing, p => Assert.All(p.Value, topic => Assert.True(
            ContractTopics.Contains(topic) || topic == $"{p.Key}-deadletters",
            $"{p.Key} may publish {topic}, which is neither a contract topic nor its own dead-letter topic")));
    }

    [Fact]
    public void PubSub_SubscriptionScopes_AreContractTopicsAndOwnDeadLetters()
    {
        var subscriptions = TopicScopes(chart.Defaults, "subscriptionScopes");
        var publishing = TopicScopes(chart.Defaults, "publishingScopes");

        Assert.Equal(ChartRenders.AppIds.Order(StringComparer.Ordinal), subscriptions.Keys.Order(StringComparer.Ordinal));
        Assert.All(subscriptions, s => Assert.All(s.Value, topic => Assert.True(
            ContractTopics.Contains(topic) || topic == $"{s.Key}-deadletters",
            $"{s.Key} may subscribe to {topic}, which is neither a contract topic nor its own dead-letter topic")));
        // A subscriber's daprd publishes what it gives up on to the subscriber's own dead-letter topic.
        Assert.All(subscriptions.Where(s => s.Value.Count > 0), s =>
        {
            Assert.Contains($"{s.Key}-deadletters", s.Value);
            Assert.Contains($"{s.Key}-deadletters", publishing[s.Key]);
        });
    }

    [Fact]
    public void Resiliency_PubSubDeliveries_AreRetriedBeforeDeadLetteringAndWithinTheProcessingTimeout()
    {
        DaprAssert.DeliveriesRetriedWithinProcessingTimeout(
            chart.Defaults.OfKind("Resiliency").Single().Root,
            chart.Defaults.Single("Component", "pubsub").Root);
    }

    [Fact]
    public void Subscription_DeclaredInValues_RendersForItsScopesOnly()
    {
        var subscription = chart.TwoCameras.OfKind("Subscription").Single();

        Assert.Equal("dapr.io/v2alpha1", subscription.ApiVersion);
        Assert.Equal("pubsub", subscription.Root.At("spec", "pubsubname").Text());
        Assert.Equal("segment-uploaded", subscription.Root.At("spec", "topic").Text());
        Assert.Equal("/events/segment-uploaded", subscription.Root.At("spec", "routes", "default").Text());
        Assert.Equal(["uploaded-minutes"], subscription.Root.At("scopes").Texts());
    }

    /// <summary>Components, resiliency policies and subscriptions: what Dapr scopes to app ids.</summary>
    private static IEnumerable<Manifest> DaprResources(Manifests manifests) =>
        manifests.All.Where(m => m.ApiVersion.StartsWith("dapr.io/", StringComparison.Ordinal) && m.Kind != "Configuration");

    /// <summary>A pub/sub topic scoping value ("app=topic,topic;app2=") by app id.</summary>
    public static Dictionary<string, IReadOnlyList<string>> TopicScopes(Manifests manifests, string metadataName) =>
        TopicScopes(manifests.Single("Component", "pubsub").Root, metadataName);

    public static Dictionary<string, IReadOnlyList<string>> TopicScopes(YamlDotNet.RepresentationModel.YamlNode pubsub, string metadataName)
    {
        var value = pubsub.At("spec", "metadata").ItemWith("name", metadataName).At("value").Text()
            ?? throw new Xunit.Sdk.XunitException($"The pub/sub has no {metadataName}");
        return value.Split(';').Select(s => s.Split('=')).ToDictionary(
            p => p[0],
            p => (IReadOnlyList<string>)[.. p[1].Split(',', StringSplitOptions.RemoveEmptyEntries)]);
    }
}
