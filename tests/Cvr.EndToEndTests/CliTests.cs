using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// The <c>cvr</c> management commands as a user runs them: real processes against a real <c>cvr serve</c>.
/// No camera: the instance points at a closed port, which the recorder keeps retrying.
/// </summary>
public sealed class CliTests : IAsyncLifetime
{
    private const string Topology = CvrHostProcess.TopologyName;
    private readonly TemporaryFolder _folder = new();
    private readonly string _closedPortUrl = $"rtsp://127.0.0.1:{FreePort.Next()}/x";
    private CvrHostProcess _host = null!;

    private string TopologyFile => _folder.File("topology.json");

    public async Task InitializeAsync()
    {
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", "2.0")))!;
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = _folder.File("cache");
        await File.WriteAllTextAsync(TopologyFile, topology.ToJsonString());
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Fact]
    public async Task Lifecycle_SetActivateDeactivateDelete_EachStepSaysWhatItDid()
    {
        Assert.Equal($"topology {Topology} created", await SucceedsAsync("topology", "set", TopologyFile));
        Assert.Equal($"topology {Topology} updated", await SucceedsAsync("topology", "set", TopologyFile));
        Assert.Matches($@"^{Topology}\s+2\.0\s+rtspUserName, rtspPassword, rtspUrl\*\s+Continuous video", Line(await SucceedsAsync("topology", "list"), 1));

        Assert.Equal("instance gate created", await SucceedsAsync("instance", "set", "gate", "--topology", Topology, "--param", $"rtspUrl={_closedPortUrl}", "--param", "rtspPassword=s3cr=t"));
        Assert.Equal("instance gate activated", await SucceedsAsync("instance", "activate", "gate"));
        Assert.Matches($@"^gate\s+{Topology}\s+Active\s+\w+", Line(await SucceedsAsync("instance", "list"), 1));
        var shown = JsonNode.Parse(await SucceedsAsync("instance", "get", "gate"))!;
        Assert.Equal("Active", shown["properties"]!["state"]!.GetValue<string>());
        Assert.DoesNotContain("s3cr=t", shown.ToJsonString(), StringComparison.Ordinal);
        await Eventually.WaitAsync(
            async () => Line(await SucceedsAsync("instance", "list"), 1).EndsWith("Reconnecting (CameraUnreachable)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the recorder reports the closed port");

        Assert.Equal("instance gate deactivated", await SucceedsAsync("instance", "deactivate", "gate"));
        Assert.Matches(@"^gate\s+\S+\s+Inactive\s+-", Line(await SucceedsAsync("instance", "list"), 1));
        Assert.Equal("instance gate deleted", await SucceedsAsync("instance", "delete", "gate"));
        Assert.Equal($"topology {Topology} deleted", await SucceedsAsync("topology", "delete", Topology));
        Assert.Equal("no graph topologies", await SucceedsAsync("topology", "list"));
    }

    [Fact]
    public async Task InstanceSet_RequiredParameterMissing_ExitsOneNamingIt()
    {
        await SucceedsAsync("topology", "set", TopologyFile);

        // Refused when it is set, as LVA does: not later, at activation.
        var (exitCode, _, errors) = await CvrAsync("instance", "set", "nourl", "--topology", Topology, "--param", "rtspUserName=u");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("cvr: ", errors, StringComparison.Ordinal);
        Assert.Contains("rtspUrl", errors, StringComparison.Ordinal);
        Assert.Single(Lines(errors));
    }

    [Fact]
    public async Task Get_Unknown_ExitsOneWithTheServersReason()
    {
        var (exitCode, output, errors) = await CvrAsync("topology", "get", "nosuchtopology");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Equal("cvr: Graph topology 'nosuchtopology' does not exist.", errors.Trim());
    }

    [Fact]
    public async Task AnyCommand_NobodyListening_ExitsThreeWithOneLine()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var (exitCode, output, errors) = await CvrHostProcess.RunCommandAsync("instance", "list", "--url", url);

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"cvr: cannot reach Cvr at {url}/", Assert.Single(Lines(errors)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSubcommand_ExitsTwoWithOneLine()
    {
        var (exitCode, _, errors) = await CvrAsync("instance", "start", "gate");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("cvr: unknown command 'instance start'", Assert.Single(Lines(errors)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpsRun_UnreadableTopologyUrl_ExitsOneNamingTheFile()
    {
        var ops = _folder.File("ops.json");
        await File.WriteAllTextAsync(ops, """{"apiVersion":"2.0","operations":[{"opName":"GraphTopologySet","opParams":{"topologyUrl":"topologies/missing.json"}}]}""");

        var (exitCode, output, errors) = await CvrAsync("ops", "run", ops, "--no-wait");

        Assert.Equal(1, exitCode);
        Assert.Equal($"[1/1] GraphTopologySet -> not sent: {_folder.File("topologies/missing.json")}: no such file", output.Trim());
        Assert.Single(Lines(errors));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Line(string text, int index) => Lines(text) is { } lines && index < lines.Length ? lines[index] : string.Empty;

    private Task<(int ExitCode, string Output, string Errors)> CvrAsync(params string[] args) => _host.RunCliAsync(args);

    /// <summary>Runs a command that must succeed; its output, trimmed.</summary>
    private async Task<string> SucceedsAsync(params string[] args)
    {
        var (exitCode, output, errors) = await CvrAsync(args);
        Assert.True(exitCode == 0, $"cvr {string.Join(' ', args)} exited {exitCode}: {errors}");
        return output.Trim();
    }
}
