using Cvr.Testing;

namespace Cvr.DeploymentTests.Support;

/// <summary>
/// The chart rendered once per test run: with its defaults, with Values/two-cameras.yaml (cameras, a
/// service of one's own), and with Values/access.yaml (an identity provider, origins, admitted peers).
/// helm template takes a fraction of a second; each test reads the result.
/// </summary>
public sealed class ChartRenders : IAsyncLifetime, IDisposable
{
    public static readonly string[] AppIds = ["ingest", "segmenter", "uploader", "catalog"];

    public static string TwoCamerasValues => ValuesFile("two-cameras.yaml");

    public static string AccessValues => ValuesFile("access.yaml");

    public Helm Helm { get; } = new();

    public Manifests Defaults { get; private set; } = null!;

    public Manifests TwoCameras { get; private set; } = null!;

    public Manifests Access { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Defaults = await RenderAsync([], CancellationToken.None);
        TwoCameras = await RenderAsync(["--values", TwoCamerasValues], CancellationToken.None);
        Access = await RenderAsync(["--values", AccessValues], CancellationToken.None);
    }

    /// <summary>Renders the chart with extra helm options; fails with helm's own message if it does not render.</summary>
    public async Task<Manifests> RenderAsync(IEnumerable<string> options, CancellationToken cancellationToken)
    {
        var result = await Helm.TemplateAsync(options, cancellationToken);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result}");
        return new Manifests(result.Output);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Helm.Dispose();

    private static string ValuesFile(string name) => Path.Combine(RepositoryPaths.Root, "tests", "Cvr.DeploymentTests", "Values", name);
}

[CollectionDefinition(Name)]
public sealed class ChartCollection : ICollectionFixture<ChartRenders>
{
    public const string Name = "chart";
}
