using YamlDotNet.RepresentationModel;

namespace Cvr.DeploymentTests.Support;

/// <summary>One Kubernetes (or Dapr) resource.</summary>
public sealed record Manifest(YamlMappingNode Root)
{
    public string Kind => Root.At("kind").Text() ?? "";

    public string ApiVersion => Root.At("apiVersion").Text() ?? "";

    public string Name => Root.At("metadata", "name").Text() ?? "";

    /// <summary>The pod template of a workload (Deployment, StatefulSet, Job), or the pod itself.</summary>
    public YamlNode? PodTemplate => Kind is "Deployment" or "StatefulSet" or "Job" ? Root.At("spec", "template") : null;

    public IReadOnlyList<YamlNode> Containers => PodTemplate.At("spec", "containers").Items();

    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>The resources one `helm template` rendered, with the raw text for searches.</summary>
public sealed class Manifests(string text)
{
    public string Text { get; } = text;

    public IReadOnlyList<Manifest> All { get; } = [.. Yaml.LoadDocuments(text).Select(d => new Manifest(d))];

    public IEnumerable<Manifest> OfKind(string kind) => All.Where(m => m.Kind == kind);

    public Manifest Single(string kind, string name) =>
        All.SingleOrDefault(m => m.Kind == kind && m.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"No {kind} named {name} among: {string.Join(", ", All)}");

    /// <summary>The Deployment of one of Cvr's services (named release-app).</summary>
    public Manifest Service(string appId) => Single("Deployment", $"{Helm.Release}-{appId}");

    /// <summary>Every resource with a pod template.</summary>
    public IEnumerable<Manifest> Workloads => All.Where(m => m.PodTemplate is not null);
}
