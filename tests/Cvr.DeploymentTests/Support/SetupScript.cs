using System.Diagnostics;
using Cvr.Testing;

namespace Cvr.DeploymentTests.Support;

/// <summary>
/// The setup job's apply.sh and topology.json as the chart rendered them, run with this machine's /bin/sh
/// (dash) and curl; the job's image runs busybox sh and curl 8. Only the ConfigMap's mount path
/// (/etc/cvr-setup) is replaced by a temporary folder.
/// </summary>
public static class SetupScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<ScriptResult> RunAsync(Manifests manifests, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(environment);
        using var folder = new TemporaryFolder();
        var data = manifests.Single("ConfigMap", "cvr-setup").Root.At("data");
        var script = (data.At("apply.sh").Text() ?? "").Replace("/etc/cvr-setup/", folder.Path + "/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(folder.File("apply.sh"), script, cancellationToken);
        await File.WriteAllTextAsync(folder.File("topology.json"), data.At("topology.json").Text(), cancellationToken);

        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(folder.File("apply.sh"));
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["TMPDIR"] = folder.Path;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("/bin/sh did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new ScriptResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The setup script took longer than {Timeout}.");
        }
    }
}

/// <summary>How the setup script ended, and what it printed.</summary>
public sealed record ScriptResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
