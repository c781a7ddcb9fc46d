using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Management;

/// <summary>
/// LVA operations files replayed with <c>cvr ops run</c> against a real <c>cvr serve</c>: every operation goes
/// through the direct methods, as an LVA script's would.
/// </summary>
public sealed class OperationsReplayTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task CvrOperationsFile_RecordsTheCameraThenCleansUp_EveryStepAnsweredAsLva()
    {
        // The sample as shipped, with the test camera's address and a cache folder of the test's own.
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", "2.0")))!;
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = _folder.File("cache");
        await File.WriteAllTextAsync(_folder.File("topology.json"), topology.ToJsonString());
        var operations = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "lva", "operations-cvr.json")))!;
        foreach (var op in operations["operations"]!.AsArray())
        {
            if (op!["opParams"]!["topologyUrl"] is not null)
            {
                op["opParams"]!["topologyUrl"] = new Uri(_folder.File("topology.json")).AbsoluteUri;
            }

            if (op["opParams"]!["properties"]?["parameters"] is JsonArray parameters)
            {
                parameters[0]!["value"] = _camera.Url;
                parameters.RemoveAt(2);
                parameters.RemoveAt(1);
            }
        }

        await File.WriteAllTextAsync(_folder.File("operations.json"), operations.ToJsonString());

        var (exitCode, output, errors) = await _host.RunCliAsync("ops", "run", _folder.File("operations.json"), "--no-wait");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("GraphTopologySet -> 201", output, StringComparison.Ordinal);
        Assert.Contains("GraphInstanceSet -> 201", output, StringComparison.Ordinal);
        Assert.Contains("GraphInstanceActivate -> 200", output, StringComparison.Ordinal);
        Assert.Contains("GraphInstanceDeactivate -> 200", output, StringComparison.Ordinal);
        Assert.Contains("GraphInstanceDelete -> 200", output, StringComparison.Ordinal);
        Assert.Contains("GraphTopologyDelete -> 200", output, StringComparison.Ordinal);
        Assert.Contains("Sample-Graph-1", output, StringComparison.Ordinal);

        // Deactivation waited for the cache to flush: what was recorded is in the asset already.
        var segments = await _host.SegmentsAsync(CvrHostProcess.AssetName("Sample-Graph-1"));
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.True(s.Uploaded));
    }

    [Fact]
    public async Task LvaSampleOperationsFile_RunsUntilItsTopologyCannotBeSet_ThenStopsWithExitOne()
    {
        // LVA's own sample sets a motion-detection topology from GitHub: unreachable here, and refused if reached.
        var file = Path.Combine(RepositoryPaths.Root, "samples", "lva", "operations.json");

        var (exitCode, output, errors) = await _host.RunCliAsync("ops", "run", file, "--no-wait");

        Assert.Equal(1, exitCode);
        Assert.Contains("[1/17] GraphTopologyList -> 200", output, StringComparison.Ordinal);
        Assert.Contains("[3/17] GraphInstanceList -> 200", output, StringComparison.Ordinal);
        Assert.Contains("GraphTopologySet", output + errors, StringComparison.Ordinal);
        Assert.DoesNotContain("GraphInstanceSet ->", output, StringComparison.Ordinal);
    }
}
