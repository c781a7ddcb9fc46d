using Cvr.Host.Commands;
using Cvr.Testing;

namespace Cvr.UnitTests.Commands;

/// <summary>The whole command line in-process, against no server: usage errors, an unreachable Cvr, ops that never reach it.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly string _closedUrl = $"http://127.0.0.1:{FreePort.Next()}";

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("topology", "frobnicate")]
    [InlineData("instance")]
    [InlineData("instance", "get")]
    [InlineData("instance", "set", "cam1", "--param", "rtspUrl")]
    [InlineData("instance", "activate", "cam1", "--url", "not a url")]
    [InlineData("ops", "run", "no-such-ops.json")]
    public async Task Run_UsageError_ExitsTwoWithOneLine(params string[] args)
    {
        var (exitCode, output, errors) = await RunAsync([.. args, .. args.Contains("--url") ? Array.Empty<string>() : ["--url", _closedUrl]]);

        Assert.Equal(CommandLine.Usage, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("cvr: ", errors, StringComparison.Ordinal);
        Assert.Single(Lines(errors));
    }

    [Fact]
    public async Task Run_ParamWithoutEquals_IsRefusedBeforeAnyRequest()
    {
        var (exitCode, _, errors) = await RunAsync("instance", "set", "cam1", "--topology", "T", "--param", "rtspUrl", "--url", _closedUrl);

        Assert.Equal(CommandLine.Usage, exitCode);
        Assert.StartsWith("cvr: --param 'rtspUrl' is not NAME=VALUE", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("topology", "list")]
    [InlineData("instance", "deactivate", "cam1")]
    public async Task Run_NobodyListening_ExitsThreeWithOneLine(params string[] args)
    {
        var (exitCode, output, errors) = await RunAsync([.. args, "--url", _closedUrl]);

        Assert.Equal(CommandLine.Unreachable, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"cvr: cannot reach Cvr at {_closedUrl}/ (", Assert.Single(Lines(errors)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpsRun_TopologyFileMissing_FailsThatOperationAndStops()
    {
        var ops = _folder.File("ops.json");
        await File.WriteAllTextAsync(ops, """
            {"apiVersion":"2.0","operations":[
              {"opName":"WaitForInput","opParams":{"message":"Press Enter to continue"}},
              {"opName":"GraphTopologySet","opParams":{"topologyUrl":"missing.json"}},
              {"opName":"GraphTopologyList","opParams":{}}]}
            """);

        // Input at its end: WaitForInput goes on instead of hanging.
        var (exitCode, output, errors) = await RunAsync("ops", "run", ops, "--url", _closedUrl);

        Assert.Equal(CommandLine.Refused, exitCode);
        Assert.Equal(
            ["[1/3] WaitForInput: Press Enter to continue", $"[2/3] GraphTopologySet -> not sent: {_folder.File("missing.json")}: no such file"],
            Lines(output));
        Assert.Equal("cvr: stopped at operation 2 of 3 (GraphTopologySet); --keep-going runs the rest", Assert.Single(Lines(errors)));
    }

    [Fact]
    public async Task OpsRun_KeepGoing_RunsOnAndReportsTheCount()
    {
        var ops = _folder.File("ops.json");
        await File.WriteAllTextAsync(ops, """
            {"apiVersion":"2.0","operations":[
              {"opName":"GraphTopologySet","opParams":{"topologyUrl":"missing-1.json"}},
              {"opName":"WaitForInput","opParams":{"message":"Press Enter"}},
              {"opName":"GraphTopologySet","opParams":{"topologyFile":"missing-2.json"}}]}
            """);

        var (exitCode, output, errors) = await RunAsync("ops", "run", ops, "--keep-going", "--no-wait", "--url", _closedUrl);

        Assert.Equal(CommandLine.Refused, exitCode);
        Assert.Equal(3, Lines(output).Length);
        Assert.Equal("[2/3] WaitForInput: Press Enter (skipped: --no-wait)", Lines(output)[1]);
        Assert.Equal("cvr: 2 of 3 operations failed", Assert.Single(Lines(errors)));
    }

    public void Dispose() => _folder.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var errors = new StringWriter { NewLine = "\n" };
        var exitCode = await CommandLine.RunAsync(args, new StringReader(string.Empty), output, errors, CancellationToken.None);
        return (exitCode, output.ToString(), errors.ToString());
    }
}
