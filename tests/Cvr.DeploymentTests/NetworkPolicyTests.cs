using System.Globalization;
using Cvr.DeploymentTests.Support;
using YamlDotNet.RepresentationModel;

namespace Cvr.DeploymentTests;

/// <summary>
/// Who reaches Cvr's pods: the selectors are evaluated against the labels of every rendered pod, as a
/// NetworkPolicy controller would, so a policy that selects nothing (or too much) fails here.
/// </summary>
[Collection(ChartCollection.Name)]
public class NetworkPolicyTests(ChartRenders chart)
{
    /// <summary>daprd's ports besides metrics: its HTTP and gRPC API, service invocation, health.</summary>
    private static readonly int[] DaprdPorts = [3500, 50001, 50002, 3501];

    [Fact]
    public void ServicesPolicy_Default_SelectsTheFourServicesAndAdmitsNoPod()
    {
        var policy = chart.Defaults.Single("NetworkPolicy", "cvr-services");

        Assert.Equal(ServiceDeployments(chart.Defaults), Selected(chart.Defaults, policy).Order(StringComparer.Ordinal));
        Assert.Equal(["Ingress"], policy.Root.At("spec", "policyTypes").Texts());
        Assert.Empty(policy.Root.At("spec", "ingress").Items());
    }

    [Fact]
    public void IngestSetupPolicy_Default_AdmitsOnlyTheSetupJobToTheIngestsHttpPort()
    {
        var policy = chart.Defaults.Single("NetworkPolicy", "cvr-ingest-setup");
        var rule = policy.Root.At("spec", "ingress").Items().Single();
        var peer = rule.At("from").Items().Single();

        Assert.Equal(["Deployment/cvr-ingest"], Selected(chart.Defaults, policy));
        Assert.Null(peer.At("namespaceSelector"));
        Assert.Equal(["Job/cvr-setup"], PodsOf(chart.Defaults, peer.At("podSelector")));
        Assert.Equal(["8080/TCP"], Ports(rule));
    }

    [Fact]
    public void ServicesPolicy_AllowFrom_AdmitsThosePeersToPort8080Only()
    {
        var rules = chart.Access.Single("NetworkPolicy", "cvr-services").Root.At("spec", "ingress").Items();
        var http = rules.Single(r => !Ports(r).Contains("9090/TCP"));

        Assert.Equal(["8080/TCP"], Ports(http));
        Assert.Equal(AccessValue("allowFrom").Canonical(), http.At("from").Canonical());
    }

    [Fact]
    public void ServicesPolicy_MetricsFrom_AdmitsThosePeersToTheMetricsPortsOnly()
    {
        var rules = chart.Access.Single("NetworkPolicy", "cvr-services").Root.At("spec", "ingress").Items();
        var metrics = rules.Single(r => Ports(r).Contains("9090/TCP"));

        Assert.Equal(2, rules.Count);
        Assert.Equal(["8080/TCP", "9090/TCP"], Ports(metrics));
        Assert.Equal(AccessValue("metricsFrom").Canonical(), metrics.At("from").Canonical());
    }

    [Fact]
    public void NetworkPolicies_EveryRender_NamePortsInEveryRuleAndNeverDaprdsApi()
    {
        var rules = (
            from manifests in new[] { chart.Defaults, chart.TwoCameras, chart.Access }
            from policy in manifests.OfKind("NetworkPolicy")
            from rule in policy.Root.At("spec", "ingress").Items()
            select (policy, rule)).ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, r =>
        {
            // A rule without ports admits its peers to every port, daprd's included.
            Assert.NotEmpty(Ports(r.rule));
            Assert.DoesNotContain(Ports(r.rule), p => DaprdPorts.Contains(int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture)));
            Assert.NotEmpty(r.rule.At("from").Items());
        });
    }

    [Fact]
    public void RedisPolicy_Default_AdmitsOnlyTheFourServicesToRedisPort()
    {
        var policy = chart.Defaults.Single("NetworkPolicy", "cvr-redis");
        var rule = policy.Root.At("spec", "ingress").Items().Single();
        var peer = rule.At("from").Items().Single();

        Assert.Equal(["StatefulSet/cvr-redis"], Selected(chart.Defaults, policy));
        Assert.Null(peer.At("namespaceSelector"));
        Assert.Equal(ServiceDeployments(chart.Defaults), PodsOf(chart.Defaults, peer.At("podSelector")).Order(StringComparer.Ordinal));
        Assert.Equal(["6379/TCP"], Ports(rule));
    }

    [Fact]
    public void RedisPolicy_ExtraAppIds_AlsoAdmitsTheirSidecars()
    {
        var peers = chart.TwoCameras.Single("NetworkPolicy", "cvr-redis").Root.At("spec", "ingress").Items().Single().At("from").Items();
        var ownService = new Dictionary<string, string> { ["app"] = "uploaded-minutes", ["dapr.io/app-id"] = "uploaded-minutes" };
        var stranger = new Dictionary<string, string> { ["app"] = "stranger", ["dapr.io/app-id"] = "stranger" };

        Assert.Equal(2, peers.Count);
        Assert.Contains(peers, p => LabelSelector.Matches(p.At("podSelector"), ownService) && p.At("namespaceSelector") is null);
        Assert.DoesNotContain(peers, p => LabelSelector.Matches(p.At("podSelector"), stranger));
    }

    [Fact]
    public async Task Render_NetworkPolicyDisabled_RendersNone()
    {
        var rendered = await chart.RenderAsync(["--set", "networkPolicy.enabled=false"], CancellationToken.None);

        Assert.Empty(rendered.OfKind("NetworkPolicy"));
    }

    [Fact]
    public async Task Render_WithoutSetupJobAndRedis_RendersOnlyTheServicesPolicy()
    {
        var rendered = await chart.RenderAsync(
            ["--set", "setup.enabled=false", "--set", "redis.enabled=false", "--set", "redis.host=redis.example:6379"],
            CancellationToken.None);

        Assert.Equal(["cvr-services"], rendered.OfKind("NetworkPolicy").Select(p => p.Name));
    }

    private static IEnumerable<string> ServiceDeployments(Manifests manifests) =>
        ChartRenders.AppIds.Select(id => manifests.Service(id).ToString()).Order(StringComparer.Ordinal);

    /// <summary>The workloads whose pods the policy applies to.</summary>
    private static IEnumerable<string> Selected(Manifests manifests, Manifest policy) =>
        PodsOf(manifests, policy.Root.At("spec", "podSelector"));

    /// <summary>The workloads whose pods a selector matches (in this namespace).</summary>
    private static IEnumerable<string> PodsOf(Manifests manifests, YamlNode? selector) =>
        manifests.Workloads.Where(w => LabelSelector.Matches(selector, LabelSelector.PodLabels(w))).Select(w => w.ToString());

    private static YamlNode? AccessValue(string key) => Yaml.LoadFile(ChartRenders.AccessValues).At("networkPolicy", key);

    private static IReadOnlyList<string> Ports(YamlNode rule) =>
        [.. rule.At("ports").Items().Select(p => $"{p.At("port").Text()}/{p.At("protocol").Text() ?? "TCP"}")];
}
