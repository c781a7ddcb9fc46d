using System.Text.Json.Nodes;
using Cvr.Host.Commands;

namespace Cvr.UnitTests.Commands;

public class InstanceCommandTests
{
    [Fact]
    public void Parameters_ValueWithEquals_SplitsAtTheFirstOne()
    {
        var list = InstanceCommand.Parameters(["rtspUrl=rtsp://cam/stream?a=1&b=2", "rtspPassword=", "x=y=z"]);

        Assert.Equal(
            """[{"name":"rtspUrl","value":"rtsp://cam/stream?a=1\u0026b=2"},{"name":"rtspPassword","value":""},{"name":"x","value":"y=z"}]""",
            list.ToJsonString());
    }

    [Theory]
    [InlineData("rtspUrl")]
    [InlineData("=value")]
    public void Parameters_WithoutName_IsAUsageError(string argument)
    {
        var ex = Assert.Throws<CommandLineException>(() => InstanceCommand.Parameters([argument]));

        Assert.StartsWith($"--param '{argument}' is not NAME=VALUE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_NameTwice_IsAUsageError()
    {
        var ex = Assert.Throws<CommandLineException>(() => InstanceCommand.Parameters(["a=1", "a=2"]));

        Assert.Equal("--param a is given twice", ex.Message);
    }

    [Fact]
    public void Body_IsLvasGraphInstanceShape()
    {
        var body = InstanceCommand.Body("cam1", "CVRToAMSAsset", ["rtspUrl=rtsp://cam/x"], "front door");

        Assert.Equal(
            """{"name":"cam1","properties":{"topologyName":"CVRToAMSAsset","description":"front door","parameters":[{"name":"rtspUrl","value":"rtsp://cam/x"}]}}""",
            body.ToJsonString());
    }

    [Fact]
    public void Table_Instances_ShowsStateAndCameraConnection()
    {
        var list = JsonNode.Parse("""
            {"value":[
              {"name":"gate","properties":{"topologyName":"CVRToAMSAsset","state":"Active",
                "recording":{"connection":"Reconnecting","lastDisconnectReason":"CameraUnreachable"}}},
              {"name":"door-2","properties":{"topologyName":"T","state":"Inactive"}}
            ]}
            """);

        Assert.Equal(
            [
                "NAME    TOPOLOGY       STATE     CAMERA",
                "gate    CVRToAMSAsset  Active    Reconnecting (CameraUnreachable)",
                "door-2  T              Inactive  -",
            ],
            InstanceCommand.Table(list));
    }
}
