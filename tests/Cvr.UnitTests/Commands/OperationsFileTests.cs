using System.Text.Json.Nodes;
using Cvr.Host.Commands;
using Cvr.Testing;

namespace Cvr.UnitTests.Commands;

public sealed class OperationsFileTests : IDisposable
{
    private const string Topology = """{"name":"CVRToAMSAsset","properties":{"description":"from a file"}}""";
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Load_LvaSampleFile_ReadsEveryOperation()
    {
        var file = await OperationsFile.LoadAsync(Path.Combine(RepositoryPaths.Root, "samples", "lva", "operations.json"), CancellationToken.None);

        Assert.Equal("2.0", file.ApiVersion);
        Assert.Equal(17, file.Operations.Count);
        Assert.Equal("GraphTopologyList", file.Operations[0].Name);
        Assert.Equal("Sample-Graph-1", JsonFields.Text(file.Operations[5].Parameters["name"]));
    }

    [Fact]
    public async Task Payload_RelativeTopologyUrl_IsReadBesideTheOperationsFile()
    {
        Directory.CreateDirectory(_folder.File("topologies"));
        await File.WriteAllTextAsync(_folder.File("topologies/cvr.json"), Topology);
        var file = await WriteAsync("""{"apiVersion":"2.0","operations":[{"opName":"GraphTopologySet","opParams":{"topologyUrl":"topologies/cvr.json"}}]}""");

        var payload = await file.PayloadAsync(file.Operations[0], CancellationToken.None);

        Assert.Equal("""{"name":"CVRToAMSAsset","properties":{"description":"from a file"},"@apiVersion":"2.0"}""", payload.ToJsonString());
    }

    [Theory]
    [InlineData("topologyUrl", true)]
    [InlineData("topologyFile", false)]
    public async Task Payload_FileUrlOrAbsolutePath_IsRead(string key, bool asUrl)
    {
        await File.WriteAllTextAsync(_folder.File("cvr.json"), Topology);
        var reference = asUrl ? new Uri(_folder.File("cvr.json")).AbsoluteUri : _folder.File("cvr.json");
        var file = await WriteAsync(new JsonObject
        {
            ["apiVersion"] = "2.0",
            ["operations"] = new JsonArray(new JsonObject { ["opName"] = "GraphTopologySet", ["opParams"] = new JsonObject { [key] = reference } }),
        }.ToJsonString());

        var payload = await file.PayloadAsync(file.Operations[0], CancellationToken.None);

        Assert.Equal("from a file", JsonFields.Text(payload["properties"]!["description"]));
    }

    [Fact]
    public async Task Payload_MissingTopologyFile_IsOneLineNamingIt()
    {
        var file = await WriteAsync("""{"apiVersion":"2.0","operations":[{"opName":"GraphTopologySet","opParams":{"topologyUrl":"missing.json"}}]}""");

        var ex = await Assert.ThrowsAsync<CommandLineException>(() => file.PayloadAsync(file.Operations[0], CancellationToken.None));

        Assert.Equal($"{_folder.File("missing.json")}: no such file", ex.Message);
    }

    [Fact]
    public async Task Payload_UnreachableHttpTopologyUrl_IsOneLineNamingIt()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/topology.json";
        var file = await WriteAsync($$$"""{"apiVersion":"2.0","operations":[{"opName":"GraphTopologySet","opParams":{"topologyUrl":"{{{url}}}"}}]}""");

        var ex = await Assert.ThrowsAsync<CommandLineException>(() => file.PayloadAsync(file.Operations[0], CancellationToken.None));

        Assert.StartsWith($"cannot fetch {url}: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Payload_OtherScheme_IsRefused()
    {
        var file = await WriteAsync("""{"operations":[{"opName":"GraphTopologySet","opParams":{"topologyUrl":"ftp://example.org/t.json"}}]}""");

        var ex = await Assert.ThrowsAsync<CommandLineException>(() => file.PayloadAsync(file.Operations[0], CancellationToken.None));

        Assert.Equal("topologyUrl 'ftp://example.org/t.json' is not a path, a file:// URL or an http(s):// URL", ex.Message);
    }

    [Fact]
    public async Task Payload_KeepsAnApiVersionAlreadyThere()
    {
        var file = await WriteAsync("""
            {"apiVersion":"2.0","operations":[
              {"opName":"GraphInstanceActivate","opParams":{"name":"g1"}},
              {"opName":"GraphInstanceActivate","opParams":{"name":"g1","@apiVersion":"1.0"}},
              {"opName":"GraphTopologyList"}]}
            """);

        Assert.Equal("""{"name":"g1","@apiVersion":"2.0"}""", (await file.PayloadAsync(file.Operations[0], CancellationToken.None)).ToJsonString());
        Assert.Equal("""{"name":"g1","@apiVersion":"1.0"}""", (await file.PayloadAsync(file.Operations[1], CancellationToken.None)).ToJsonString());
        Assert.Equal("""{"@apiVersion":"2.0"}""", (await file.PayloadAsync(file.Operations[2], CancellationToken.None)).ToJsonString());
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"2.0\"", "is not valid JSON: ")]
    [InlineData("{\"apiVersion\":\"2.0\"}", "has no \"operations\" array")]
    [InlineData("{\"operations\":[{\"opParams\":{}}]}", ": operations[0] has no opName")]
    [InlineData("{\"operations\":[{\"opName\":\"GraphTopologyList\"},1]}", ": operations[1] is not an object")]
    [InlineData("{\"operations\":[{\"opName\":\"GraphTopologyList\",\"opParams\":[]}]}", ": operations[0].opParams is not an object")]
    public async Task Load_BadFile_IsOneLineNamingTheFile(string text, string expected)
    {
        await File.WriteAllTextAsync(_folder.File("ops.json"), text);

        var ex = await Assert.ThrowsAsync<CommandLineException>(() => OperationsFile.LoadAsync(_folder.File("ops.json"), CancellationToken.None));

        Assert.StartsWith(_folder.File("ops.json"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Load_MissingFile_SaysSo()
    {
        var ex = await Assert.ThrowsAsync<CommandLineException>(() => OperationsFile.LoadAsync("no-such-ops.json", CancellationToken.None));

        Assert.Equal("no-such-ops.json: no such file", ex.Message);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<OperationsFile> WriteAsync(string json)
    {
        await File.WriteAllTextAsync(_folder.File("ops.json"), json);
        return await OperationsFile.LoadAsync(_folder.File("ops.json"), CancellationToken.None);
    }
}
