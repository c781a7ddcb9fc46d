using System.Text.Json.Nodes;
using Cvr.Ingest.Management;

namespace Cvr.UnitTests.Management;

public sealed class GraphInstancesTests : IAsyncDisposable
{
    private readonly ManagementLab _lab = new();

    public ValueTask DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task Set_NewInstanceSayingItIsActive_Created201Inactive()
    {
        await _lab.SetAsync(null);
        var body = ManagementLab.Instance("cam", ("rtspPassword", "cam-secret"));
        body["properties"]!["state"] = "Active";
        body["properties"]!["recording"] = new JsonObject { ["connection"] = "Connected" };

        var result = await _lab.Instances.SetAsync("cam", body, CancellationToken.None);

        Assert.Equal(201, result.Status);
        Assert.Equal("Inactive", result.Payload!["properties"]!["state"]!.GetValue<string>());
        Assert.Null(result.Payload["properties"]!["recording"]);
        Assert.DoesNotContain("cam-secret", result.Payload.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(GraphInstanceState.Inactive, await _lab.StateOfAsync("cam"));
        Assert.True(Directory.Exists(Path.Combine(_lab.CacheRoot, "cam")));
    }

    [Fact]
    public async Task Set_Again_Ok200()
    {
        await _lab.SetAsync(null, "cam");

        var result = await _lab.Instances.SetAsync("cam", ManagementLab.Instance("cam"), CancellationToken.None);

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Set_UnknownTopology_400NamingTopologyName()
    {
        var result = await _lab.Instances.SetAsync("cam", ManagementLab.Instance("cam"), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.properties.topologyName", Assert.Single(result.Error!.Details).Target);
    }

    [Fact]
    public async Task Set_WithoutProperties_400()
    {
        await _lab.SetAsync(null);

        var result = await _lab.Instances.SetAsync("cam", new JsonObject { ["name"] = "cam" }, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.properties", Assert.Single(result.Error!.Details).Target);
    }

    [Fact]
    public async Task Set_ItsOwnCacheFolderOutsideTheCacheRoot_400NamingItsParameterValue()
    {
        await _lab.SetAsync(ManagementLab.Topology("${cacheFolder}"));

        var result = await _lab.Instances.SetAsync("cam", ManagementLab.Instance("cam", ("cacheFolder", "/etc/cvr")), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.properties.parameters[1].value", Assert.Single(result.Error!.Details).Target);
        Assert.Null(await _lab.StateOfAsync("cam"));
    }

    [Fact]
    public async Task Set_DescriptionThatIsNoString_400()
    {
        await _lab.SetAsync(null);
        var body = ManagementLab.Instance("cam");
        body["properties"]!["description"] = 42;

        var result = await _lab.Instances.SetAsync("cam", body, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("$.properties.description", Assert.Single(result.Error!.Details).Target);
    }

    [Fact]
    public async Task Set_WhileActive_409AndUnchanged()
    {
        await _lab.SetAsync(null, "cam");
        await _lab.StoreStateAsync("cam", GraphInstanceState.Active);

        var result = await _lab.Instances.SetAsync("cam", ManagementLab.Instance("cam", ("rtspUserName", "other")), CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("OperationNotAllowedInState", Assert.Single(result.Error!.Details).Code);
        Assert.False((await _lab.Graphs.GetInstanceAsync("cam", CancellationToken.None))!.Parameters.ContainsKey("rtspUserName"));
    }

    [Fact]
    public async Task Delete_WhileActive_409()
    {
        await _lab.SetAsync(null, "cam");
        await _lab.StoreStateAsync("cam", GraphInstanceState.Active);

        var result = await _lab.Instances.DeleteAsync("cam", CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(GraphInstanceState.Active, await _lab.StateOfAsync("cam"));
    }

    [Fact]
    public async Task Delete_Inactive_200ThenGone_AgainIs204()
    {
        await _lab.SetAsync(null, "cam");

        var first = await _lab.Instances.DeleteAsync("cam", CancellationToken.None);
        var second = await _lab.Instances.DeleteAsync("cam", CancellationToken.None);

        Assert.Equal(200, first.Status);
        Assert.Equal(204, second.Status);
        Assert.Equal(404, (await _lab.Instances.GetAsync("cam", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Get_BadName_400()
    {
        var result = await _lab.Instances.GetAsync("no spaces", CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("BadRequest", result.Error!.Code);
    }

    [Fact]
    public async Task List_TwoInstances_BothWithTheirState()
    {
        await _lab.SetAsync(null, "a", "b");
        await _lab.StoreStateAsync("b", GraphInstanceState.Active);

        var result = await _lab.Instances.ListAsync(CancellationToken.None);

        var states = result.Payload!["value"]!.AsArray().Select(i => (i!["name"]!.GetValue<string>(), i["properties"]!["state"]!.GetValue<string>()));
        Assert.Equal(new[] { ("a", "Inactive"), ("b", "Active") }, states);
    }
}
