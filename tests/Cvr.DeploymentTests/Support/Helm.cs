using System.Diagnostics;
using Cvr.Testing;

namespace Cvr.DeploymentTests.Support;

/// <summary>
/// The helm binary scripts/install.sh unpacks into .cvr/tools, run against the chart with its own cache,
/// config and data folders, so that nothing of the user's helm setup (repositories, plugins) takes part.
/// lint and template work offline.
/// </summary>
public sealed class Helm : IDisposable
{
    public const string Release = "cvr";
    public const string Namespace = "edge";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TemporaryFolder _home = new();

    public static string ExecutablePath => Path.Combine(RepositoryPaths.Root, ".cvr", "tools", "helm");

    public static string ChartPath => Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "cvr");

    public Task<HelmResult> LintAsync(IEnumerable<string> options, CancellationToken cancellationToken) =>
        RunAsync(["lint", ChartPath, "--strict", "--namespace", Namespace, .. options], cancellationToken);

    public Task<HelmResult> TemplateAsync(IEnumerable<string> options, CancellationToken cancellationToken) =>
        RunAsync(["template", Release, ChartPath, "--namespace", Namespace, .. options], cancellationToken);

    public async Task<HelmResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"helm is not at {ExecutablePath}; scripts/install.sh puts it there.");
        }

        var info = new ProcessStartInfo(ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HELM_CACHE_HOME"] = _home.File("cache");
        info.Environment["HELM_CONFIG_HOME"] = _home.File("config");
        info.Environment["HELM_DATA_HOME"] = _home.File("data");
        info.Environment["KUBECONFIG"] = _home.File("kubeconfig");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("helm did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new HelmResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', info.ArgumentList)} took longer than {Timeout}.");
        }
    }

    public void Dispose() => _home.Dispose();
}

/// <summary>What a helm command printed, and how it ended.</summary>
public sealed record HelmResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
