using System.Text.Json.Nodes;
using Cvr.Host.Commands;
using Cvr.Testing;

namespace Cvr.UnitTests.Commands;

public class TopologyCommandTests
{
    [Fact]
    public async Task Table_LvaCvrAssetTopology_MarksParametersWithoutDefaultAsRequired()
    {
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", "2.0")))!;
        var list = new JsonObject { ["value"] = new JsonArray(topology) };

        Assert.Equal(
            [
                "NAME           API  PARAMETERS                            DESCRIPTION",
                "CVRToAMSAsset  2.0  rtspUserName, rtspPassword, rtspUrl*  Continuous video recording to an Azure Media Services Asset",
            ],
            TopologyCommand.Table(list));
    }

    [Fact]
    public void Table_MissingFields_LeavesCellsEmpty()
    {
        var list = JsonNode.Parse("""{"value":[{"name":"bare"},"not an object"]}""");

        Assert.Equal(["NAME  API  PARAMETERS  DESCRIPTION", "bare"], TopologyCommand.Table(list));
    }
}
