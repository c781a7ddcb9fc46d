using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Management;

/// <summary>
/// Every LVA topology file is either taken as it is or refused with the reason naming the node type Cvr
/// does not run: the repository's copies in samples/lva, and the originals in ../shared/lva when present.
/// </summary>
public sealed class TopologyFileTests(ManagementHostFixture lab) : IClassFixture<ManagementHostFixture>
{
    private static readonly string[] Supported = ["cvr-asset"];

    public static TheoryData<string> Files()
    {
        var files = new TheoryData<string>();
        var shared = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "lva", "topologies"));
        foreach (var folder in new[] { RepositoryPaths.LvaTopologies, shared }.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
            }
        }

        return files;
    }

    [Fact]
    public void SamplesFolder_HoldsEveryLvaTopology() =>
        Assert.Equal(8, Directory.EnumerateFiles(RepositoryPaths.LvaTopologies, "topology.json", SearchOption.AllDirectories).Count());

    [Theory]
    [MemberData(nameof(Files))]
    public async Task LvaTopologyFile_IsAcceptedOrRefusedNamingTheNodeType(string relativePath)
    {
        var path = Path.Combine(RepositoryPaths.Root, relativePath);
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var name = "file-" + Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!.ToLowerInvariant();
        using var content = new StringContent(topology.ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await lab.Host.Http.PutAsync(new Uri($"api/graphTopologies/{name}", UriKind.Relative), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        if (Supported.Any(s => relativePath.Contains(s, StringComparison.Ordinal)))
        {
            Assert.True(response.IsSuccessStatusCode, answer.ToJsonString());
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (field, messages) = Assert.Single(answer["errors"]!.AsObject());
        Assert.EndsWith(".@type", field, StringComparison.Ordinal);
        var refusedType = Json(topology, field);
        Assert.StartsWith("#Microsoft.Media.MediaGraph", refusedType, StringComparison.Ordinal);
        Assert.Contains($"'{refusedType}' is not supported", messages![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The string at a simple JSON path such as <c>$.properties.processors[0].@type</c>.</summary>
    private static string Json(JsonNode root, string path)
    {
        var node = root;
        foreach (var step in path[2..].Replace("[", ".[", StringComparison.Ordinal).Split('.'))
        {
            node = step.StartsWith('[')
                ? node!.AsArray()[int.Parse(step[1..^1], System.Globalization.CultureInfo.InvariantCulture)]
                : node![step];
        }

        return node!.GetValue<string>();
    }
}
