using Cvr.DeploymentTests.Support;

namespace Cvr.DeploymentTests;

/// <summary>The chart as helm itself judges it: lint in strict mode, and a render with every resource.</summary>
[Collection(ChartCollection.Name)]
public class ChartLintTests(ChartRenders chart)
{
    [Fact]
    public async Task HelmLint_DefaultValues_PassesWithoutWarnings()
    {
        var result = await chart.Helm.LintAsync([], CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmLint_TwoCamerasValues_PassesWithoutWarnings()
    {
        var result = await chart.Helm.LintAsync(["--values", ChartRenders.TwoCamerasValues], CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmLint_AccessValues_PassesWithoutWarnings()
    {
        var result = await chart.Helm.LintAsync(["--values", ChartRenders.AccessValues], CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void HelmTemplate_DefaultValues_RendersEveryResource()
    {
        string[] expected =
        [
            "Deployment/cvr-ingest", "Deployment/cvr-segmenter", "Deployment/cvr-uploader", "Deployment/cvr-catalog",
            "Service/cvr-ingest", "Service/cvr-catalog",
            "PersistentVolumeClaim/cvr-cache", "PersistentVolumeClaim/cvr-catalog",
            "StatefulSet/cvr-redis", "Service/cvr-redis", "ConfigMap/cvr-redis",
            "Component/pubsub", "Component/statestore", "Resiliency/cvr", "Configuration/cvr",
            "ConfigMap/cvr-setup", "Job/cvr-setup",
            "NetworkPolicy/cvr-services", "NetworkPolicy/cvr-ingest-setup", "NetworkPolicy/cvr-redis",
        ];

        var rendered = chart.Defaults.All.Select(m => m.ToString()).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), rendered.Order(StringComparer.Ordinal));
    }
}
