using System.Text.Json.Nodes;
using Cvr.Ingest.Management;

namespace Cvr.UnitTests.Management;

public class ManagementErrorTests
{
    [Theory]
    [InlineData("cam-1", true)]
    [InlineData("Cam_1.x", true)]
    [InlineData(null, false)]
    [InlineData("_cam", false)]
    [InlineData("cam 1", false)]
    public void ForName_ByTheRule_NullOrBadRequestAtName(string? name, bool valid)
    {
        var error = ManagementError.ForName(name, "Graph instance");

        if (valid)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Equal((400, "BadRequest"), (error!.Status, error.Code));
            Assert.Equal("$.name", Assert.Single(error.Details).Target);
            Assert.StartsWith("Graph instance names: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ForValidation_ValueFromTheInstancesParameter_TargetsThatValue()
    {
        var exception = new GraphValidationException("$.properties.sources[0].endpoint.url", "not an RTSP URL", parameter: "rtspUrl");

        var error = ManagementError.ForValidation(exception, ManagementLab.Instance("cam"));

        Assert.Equal((400, "InvalidResource"), (error.Status, error.Code));
        var detail = Assert.Single(error.Details);
        Assert.Equal(("$.properties.parameters[0].value", GraphValidationException.ModuleValidationError), (detail.Target, detail.Code));
    }

    [Fact]
    public void ForValidation_ParameterTheInstanceDoesNotGive_TargetsTheTopologysField()
    {
        var exception = new GraphValidationException("$.properties.sinks[0].segmentLength", "too long", GraphValidationException.GraphValidationError, "length");

        var error = ManagementError.ForValidation(exception, new JsonObject { ["properties"] = new JsonObject() });

        var detail = Assert.Single(error.Details);
        Assert.Equal(("$.properties.sinks[0].segmentLength", GraphValidationException.GraphValidationError), (detail.Target, detail.Code));
    }

    [Fact]
    public void ForValidation_InvalidVersion_IsItsOwnTopLevelCode()
    {
        var exception = new GraphValidationException("$.@apiVersion", "version 3.0 is not supported", "InvalidVersion");

        var error = ManagementError.ForValidation(exception, null);

        Assert.Equal((400, "InvalidVersion"), (error.Status, error.Code));
        Assert.Equal("$.@apiVersion", Assert.Single(error.Details).Target);
    }
}
