using System.Diagnostics;
using System.Globalization;

namespace Cvr.Bench;

/// <summary>
/// The run's scratch folder, /tmp/cvr-bench-*: recordings, data and logs. On dispose, any process still
/// running with this folder on its command line (only the harness's own can have it) is killed, and the
/// folder is deleted unless it is to be kept.
/// </summary>
internal sealed class BenchFolder : IDisposable
{
    private readonly bool _keep;

    public BenchFolder(bool keep)
    {
        _keep = keep;
        var name = string.Create(CultureInfo.InvariantCulture, $"cvr-bench-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        Path = System.IO.Path.Combine("/tmp", name);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A new subfolder.</summary>
    public string Create(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Kills stragglers: processes whose command line names this folder.</summary>
    /// <param name="spare">A process to leave alone (the camera, whose send log is in the folder too).</param>
    public int KillStrays(int? spare = null)
    {
        var killed = 0;
        foreach (var process in ProcFs.All())
        {
            if (process.Pid == Environment.ProcessId || process.Pid == spare || ProcFs.ReadCommandLine(process.Pid) is not { } commandLine
                || !commandLine.Contains(Path, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var stray = Process.GetProcessById(process.Pid);
                stray.Kill();
                killed++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        return killed;
    }

    public void Dispose()
    {
        KillStrays();
        if (_keep)
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bench: could not delete {Path}: {ex.Message}");
        }
    }
}
