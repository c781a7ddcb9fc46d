using System.Text.Json.Nodes;
using Cvr.Ingest.Management;

namespace Cvr.UnitTests.Management;

public sealed class GraphTopologiesTests : IAsyncDisposable
{
    private readonly ManagementLab _lab = new();

    public ValueTask DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task Set_NewTopologyWithAPassword_Created201MaskedAndStamped()
    {
        var topology = ManagementLab.Topology();
        topology["properties"]!["sources"]![0]!["endpoint"]!["credentials"]!["password"] = "written-out";

        var result = await _lab.Topologies.SetAsync(ManagementLab.TopologyName, topology, CancellationToken.None);

        Assert.Equal(201, result.Status);
        Assert.Equal(SecretMasking.Mask, result.Payload!["properties"]!["sources"]![0]!["endpoint"]!["credentials"]!["password"]!.GetValue<string>());
        Assert.Equal("2026-12-01T12:00:00.0000000Z", result.Payload["systemData"]!["createdAt"]!.GetValue<string>());
        var stored = await _lab.Graphs.GetTopologyAsync(ManagementLab.TopologyName, CancellationToken.None);
        Assert.Equal("written-out", stored!.Body["properties"]!["sources"]![0]!["endpoint"]!["credentials"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Set_Again_Ok200KeepingWhenItWasCreated()
    {
        await _lab.Topologies.SetAsync(ManagementLab.TopologyName, ManagementLab.Topology(), CancellationToken.None);
        _lab.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await _lab.Topologies.SetAsync(ManagementLab.TopologyName, ManagementLab.Topology(), CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Equal("2026-12-01T12:00:00.0000000Z", result.Payload!["systemData"]!["createdAt"]!.GetValue<string>());
        Assert.Equal("2026-12-01T12:05:00.0000000Z", result.Payload["systemData"]!["lastModifiedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Set_NameInTheUrlAndAnotherInTheBody_TheUrlsWins()
    {
        var topology = ManagementLab.Topology();
        topology["name"] = "other";

        var result = await _lab.Topologies.SetAsync("from-url", topology, CancellationToken.None);

        Assert.Equal("from-url", result.Payload!["name"]!.GetValue<string>());
        Assert.Null(await _lab.Graphs.GetTopologyAsync("other", CancellationToken.None));
    }

    [Fact]
    public async Task Set_WithoutSinks_400NamingTheField()
    {
        var topology = ManagementLab.Topology();
        topology["properties"]!.AsObject().Remove("sinks");

        var result = await _lab.Topologies.SetAsync(ManagementLab.TopologyName, topology, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("InvalidResource", result.Error!.Code);
        Assert.Contains(result.Error.Details, d => d.Target!.StartsWith("$.properties.sinks", StringComparison.Ordinal));
        Assert.Empty(await _lab.Graphs.ListTopologiesAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-a-dash")]
    [InlineData("has/slash")]
    public async Task Set_BadName_400BadRequest(string name)
    {
        var result = await _lab.Topologies.SetAsync(name, ManagementLab.Topology(), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("BadRequest", result.Error!.Code);
        Assert.Equal("$.name", Assert.Single(result.Error.Details).Target);
    }

    [Fact]
    public async Task Set_UsedByAnInstanceThatIsNotInactive_409OperationNotAllowedInState()
    {
        await _lab.SetAsync(null, "cam");
        await _lab.StoreStateAsync("cam", GraphInstanceState.Active);

        var result = await _lab.Topologies.SetAsync(ManagementLab.TopologyName, ManagementLab.Topology(), CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("OperationNotAllowedInState", Assert.Single(result.Error!.Details).Code);
        Assert.Contains("'cam'", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_ThatAnInstanceWouldNotCompileWith_409AndTheOldTopologyStays()
    {
        await _lab.SetAsync(null, "cam");
        var needsSite = ManagementLab.Topology();
        needsSite["properties"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "site", ["type"] = "String" });
        needsSite["properties"]!["sinks"]![0]!["assetNamePattern"] = "${site}-${System.GraphInstanceName}";

        var result = await _lab.Topologies.SetAsync(ManagementLab.TopologyName, needsSite, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("ResourceValidationError", Assert.Single(result.Error!.Details).Code);
        var stored = await _lab.Graphs.GetTopologyAsync(ManagementLab.TopologyName, CancellationToken.None);
        Assert.DoesNotContain("${site}", stored!.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Unknown_404()
    {
        var result = await _lab.Topologies.GetAsync("nothing", CancellationToken.None);

        Assert.Equal(404, result.Status);
    }

    [Fact]
    public async Task List_TwoTopologies_BothMaskedInNameOrder()
    {
        var topology = ManagementLab.Topology();
        topology["properties"]!["sources"]![0]!["endpoint"]!["credentials"]!["password"] = "written-out";
        await _lab.Topologies.SetAsync("b", topology, CancellationToken.None);
        await _lab.Topologies.SetAsync("a", topology, CancellationToken.None);

        var result = await _lab.Topologies.ListAsync(CancellationToken.None);

        var list = result.Payload!["value"]!.AsArray();
        Assert.Equal(new[] { "a", "b" }, list.Select(t => t!["name"]!.GetValue<string>()));
        Assert.DoesNotContain("written-out", result.Payload.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Unknown_204()
    {
        var result = await _lab.Topologies.DeleteAsync("nothing", CancellationToken.None);

        Assert.Equal(204, result.Status);
    }

    [Fact]
    public async Task Delete_UsedByAnInstance_409NamingIt()
    {
        await _lab.SetAsync(null, "cam");

        var result = await _lab.Topologies.DeleteAsync(ManagementLab.TopologyName, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("GraphTopologyInUse", Assert.Single(result.Error!.Details).Code);
        Assert.Contains("cam", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Unused_200AndGone()
    {
        await _lab.SetAsync(null);

        var result = await _lab.Topologies.DeleteAsync(ManagementLab.TopologyName, CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Equal(404, (await _lab.Topologies.GetAsync(ManagementLab.TopologyName, CancellationToken.None)).Status);
    }
}
