using System.Text.Json.Nodes;
using Cvr.Host.Commands;

namespace Cvr.UnitTests.Commands;

public class MethodResultTests
{
    [Fact]
    public void Lines_InstanceList_GivesNamesAndStates()
    {
        var result = Result(200, """{"status":200,"payload":{"value":[{"name":"Sample-Graph-1","properties":{"state":"Active"}}]}}""");

        Assert.True(result.Succeeded);
        Assert.Equal(
            ["[8/16] GraphInstanceList -> 200", "      NAME            STATE", "      Sample-Graph-1  Active"],
            result.Lines("[8/16] GraphInstanceList", "GraphInstanceList"));
    }

    [Fact]
    public void Lines_EmptyTopologyList_SaysNone()
    {
        var result = Result(200, """{"status":200,"payload":{"value":[]}}""");

        Assert.Equal(["[1/2] GraphTopologyList -> 200", "      (none)"], result.Lines("[1/2] GraphTopologyList", "GraphTopologyList"));
    }

    [Fact]
    public void Succeeded_DeleteOfNothing_Status204_IsSuccess()
    {
        var result = Result(200, """{"status":204,"payload":null}""");

        Assert.True(result.Succeeded);
        Assert.Equal(["[3/3] GraphTopologyDelete -> 204"], result.Lines("[3/3] GraphTopologyDelete", "GraphTopologyDelete"));
    }

    [Fact]
    public void Lines_LvaError_GivesMessageThenEachTarget()
    {
        var result = Result(200, """
            {"status":400,"payload":{"error":{"code":"InvalidResource","message":"The topology is not valid.","details":[
              {"code":"InvalidValue","target":"$.properties.sinks[0].segmentLength","message":"Not a whole number of minutes."},
              {"code":"InvalidValue","target":"$.properties.sinks[0].localMediaCachePath","message":"Required."}]}}}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "[3/9] GraphTopologySet -> 400 InvalidResource: The topology is not valid.",
                "      $.properties.sinks[0].segmentLength: Not a whole number of minutes.",
                "      $.properties.sinks[0].localMediaCachePath: Required.",
            ],
            result.Lines("[3/9] GraphTopologySet", "GraphTopologySet"));
    }

    [Fact]
    public void Lines_NoMethodsEndpoint_SaysSo()
    {
        var result = Result(404, string.Empty);

        Assert.False(result.Succeeded);
        Assert.Equal(
            ["[1/1] GraphTopologyList -> HTTP 404 (no POST /api/methods/GraphTopologyList here: a Cvr without direct methods?)"],
            result.Lines("[1/1] GraphTopologyList", "GraphTopologyList"));
    }

    [Fact]
    public void Lines_BodyTooLarge_GivesTheProblem()
    {
        var result = Result(413, """{"title":"The request body is too large.","status":413,"detail":"At most 1048576 bytes."}""");

        Assert.Equal(["[2/2] GraphTopologySet -> HTTP 413: At most 1048576 bytes."], result.Lines("[2/2] GraphTopologySet", "GraphTopologySet"));
    }

    private static MethodResult Result(int httpStatus, string text) =>
        MethodResult.From(new ApiAnswer(httpStatus, text.Length == 0 ? null : JsonNode.Parse(text), text));
}
