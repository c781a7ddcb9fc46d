using System.Text.Json.Nodes;
using Cvr.Host.Commands;

namespace Cvr.UnitTests.Commands;

public class ProblemTextTests
{
    [Fact]
    public void Describe_ValidationProblem_GivesDetailAndField()
    {
        var body = JsonNode.Parse("""
            {"title":"The request is not valid.","status":400,"detail":"Parameter 'rtspUrl' has no default and the instance does not supply it.",
             "errors":{"$.properties.parameters[?(@.name=='rtspUrl')].value":["Parameter 'rtspUrl' has no default and the instance does not supply it."]}}
            """);

        Assert.Equal(
            "Parameter 'rtspUrl' has no default and the instance does not supply it. [$.properties.parameters[?(@.name=='rtspUrl')].value]",
            ProblemText.Describe(400, body, string.Empty));
    }

    [Fact]
    public void Describe_ProblemWithoutDetail_GivesTitleAndEachFieldsMessage()
    {
        var body = JsonNode.Parse("""{"title":"One or more validation errors occurred.","errors":{"name":["Too long."],"$.properties":["Missing."]}}""");

        Assert.Equal("One or more validation errors occurred. [name: Too long.; $.properties: Missing.]", ProblemText.Describe(400, body, string.Empty));
    }

    [Fact]
    public void Describe_LvaError_GivesCodeMessageAndTargets()
    {
        var body = JsonNode.Parse("""
            {"error":{"code":"InvalidResource","message":"The topology is not valid.",
             "details":[{"code":"InvalidValue","target":"$.properties.sinks[0].segmentLength","message":"PT45S is not a whole number of minutes."}]}}
            """);

        Assert.Equal(
            "InvalidResource: The topology is not valid. [$.properties.sinks[0].segmentLength: PT45S is not a whole number of minutes.]",
            ProblemText.Describe(400, body, string.Empty));
    }

    [Theory]
    [InlineData("", "HTTP 413")]
    [InlineData("<html>\n<body>bad gateway</body>", "HTTP 413: <html>")]
    public void Describe_NoJson_GivesStatusAndFirstLine(string text, string expected) =>
        Assert.Equal(expected, ProblemText.Describe(413, null, text));
}
