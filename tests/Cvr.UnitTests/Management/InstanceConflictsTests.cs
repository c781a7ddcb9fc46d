using System.Text.Json.Nodes;
using Cvr.Ingest.Management;

namespace Cvr.UnitTests.Management;

public sealed class InstanceConflictsTests : IAsyncDisposable
{
    private readonly ManagementLab _lab = new();

    public ValueTask DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task SetInstance_NameThatDiffersOnlyInCase_400AssetNamesAreUnique()
    {
        await _lab.SetAsync(null, "cam1");

        var result = await _lab.Instances.SetAsync("Cam1", ManagementLab.Instance("Cam1"), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.name", Assert.Single(result.Error!.Details).Target);
        Assert.Contains("'cam1'", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetInstance_CacheFolderFixedByTheTopology_400NamingTheSinkWithAHint()
    {
        var topology = ManagementLab.Topology("shared");
        topology["properties"]!["sinks"]![0]!["assetNamePattern"] = "${System.GraphInstanceName}";
        await _lab.SetAsync(topology, "a");

        var result = await _lab.Instances.SetAsync("b", ManagementLab.Instance("b"), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.properties.sinks[0].localMediaCachePath", Assert.Single(result.Error!.Details).Target);
        Assert.Contains("make it a parameter", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetInstance_CacheFolderInsideAnothersFromItsParameter_400NamingItsValue()
    {
        await _lab.SetAsync(ManagementLab.Topology("${cacheFolder}"));
        await _lab.Instances.SetAsync("a", ManagementLab.Instance("a", ("cacheFolder", "site")), CancellationToken.None);

        var result = await _lab.Instances.SetAsync("b", ManagementLab.Instance("b", ("cacheFolder", "site/b")), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.properties.parameters[1].value", Assert.Single(result.Error!.Details).Target);
        Assert.DoesNotContain("make it a parameter", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveCachePathUser_OverlappingFolders_OnlyAnInstanceThatIsNotInactiveCounts()
    {
        await _lab.SetAsync(ManagementLab.Topology("${cacheFolder}"));
        await _lab.Instances.SetAsync("a", ManagementLab.Instance("a", ("cacheFolder", "site")), CancellationToken.None);
        // What an older Cvr allowed: b's folder inside a's.
        var b = await StoreAsync("b", "site/b");
        var plan = await _lab.Planner.PlanAsync(b, CancellationToken.None);

        var whileInactive = await _lab.Conflicts.ActiveCachePathUserAsync("b", plan, CancellationToken.None);
        await _lab.StoreStateAsync("a", GraphInstanceState.Deactivating);
        var whileDeactivating = await _lab.Conflicts.ActiveCachePathUserAsync("b", plan, CancellationToken.None);

        Assert.Null(whileInactive);
        Assert.Equal("a", whileDeactivating);
    }

    [Theory]
    [InlineData("${cacheFolder}", "$.properties.parameters[1].value", "cacheFolder")]
    [InlineData("cache/${cacheFolder}", "$.properties.parameters[1].value", "cacheFolder")]
    [InlineData("/fixed/path", "$.properties.sinks[0].localMediaCachePath", null)]
    [InlineData("${rtspUserName}", "$.properties.sinks[0].localMediaCachePath", null)]
    public void CachePathSource_WhereTheValueComesFrom_IsNamed(string cachePath, string target, string? parameter)
    {
        var source = InstanceConflicts.CachePathSource(ManagementLab.Topology(cachePath), ManagementLab.Instance("cam", ("cacheFolder", "x")));

        Assert.Equal((target, parameter), source);
    }

    [Fact]
    public void CachePathSource_TopologyWithoutSinks_PointsAtItsProperties()
    {
        var topology = new JsonObject { ["properties"] = new JsonObject() };

        Assert.Equal(("$.properties", (string?)null), InstanceConflicts.CachePathSource(topology, ManagementLab.Instance("cam")));
    }

    private async Task<GraphInstanceDocument> StoreAsync(string name, string cacheFolder)
    {
        var body = ManagementLab.Instance(name, ("cacheFolder", cacheFolder));
        var parameters = new Dictionary<string, string> { ["rtspUrl"] = "rtsp://127.0.0.1:9/none", ["cacheFolder"] = cacheFolder };
        var instance = new GraphInstanceDocument(name, ManagementLab.TopologyName, parameters, GraphInstanceState.Inactive, body);
        await _lab.Graphs.SaveInstanceAsync(instance, CancellationToken.None);
        return instance;
    }
}
