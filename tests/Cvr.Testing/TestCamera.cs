using System.Diagnostics;

namespace Cvr.Testing;

/// <summary>
/// The repository's test camera (GStreamer RTSP server, tools/testcam) as a real process on
/// 127.0.0.1, serving a pre-encoded H.264 loop (25 fps, keyframe every 2 s) with continuous timestamps.
/// </summary>
public sealed class TestCamera : IAsyncDisposable
{
    public static readonly TimeSpan Gop = TimeSpan.FromSeconds(2);
    private static readonly SemaphoreSlim LoopGate = new(1, 1);

    private readonly ManagedProcess _process;

    private TestCamera(ManagedProcess process, int port, string loopFile, string? sendLog)
    {
        _process = process;
        Port = port;
        LoopFile = loopFile;
        SendLog = sendLog;
    }

    public int Port { get; }

    /// <summary>The H.264 loop the camera serves (25 fps, a keyframe every 50 frames).</summary>
    public string LoopFile { get; }

    /// <summary>With <see cref="CameraTiming"/>: the log of keyframes sent (<see cref="CameraSends"/>).</summary>
    public string? SendLog { get; }

    public string Url => $"rtsp://127.0.0.1:{Port}/cam0";

    public ManagedProcess Process => _process;

    /// <param name="port">0 for a free port; a previous camera's port to "restart" it.</param>
    /// <param name="auth">none, basic or digest.</param>
    /// <param name="timing">Paced by the wall clock, with a send log; null for the pipeline-paced camera.</param>
    public static async Task<TestCamera> StartAsync(string logFolder, int port = 0, string auth = "none", string user = "user", string password = "pass", CameraTiming? timing = null)
    {
        var loop = await LoopFileAsync();
        var name = $"camera-{DateTime.UtcNow:HHmmssfff}-{Guid.NewGuid().ToString("N")[..4]}";
        var sendLog = timing is null ? null : Path.Combine(logFolder, name + ".sends");
        var process = ManagedProcess.Start(
            "/usr/bin/python3",
            [Path.Combine(RepositoryPaths.Root, "tools", "testcam", "testcam.py"), "--file", loop, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--auth", auth, "--user", user, .. timing?.Arguments(sendLog!) ?? []],
            Path.Combine(logFolder, name + ".log"),
            new Dictionary<string, string> { ["TESTCAM_PASSWORD"] = password }); // not in its command line, which tests scan for secrets
        var ready = await process.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var actualPort = int.Parse(ready[(ready.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return new TestCamera(process, actualPort, loop, sendLog);
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(5));

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The loop file, made once per checkout (make-loop.sh is idempotent).</summary>
    private static async Task<string> LoopFileAsync()
    {
        var path = Path.Combine(RepositoryPaths.Root, ".cvr", "test-media", "loop-720p25-gop50.h264");
        await LoopGate.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var make = System.Diagnostics.Process.Start(new ProcessStartInfo(
                    "bash", [Path.Combine(RepositoryPaths.Root, "tools", "testcam", "make-loop.sh"), path, "10", "25", "50"])
                { RedirectStandardError = true, RedirectStandardOutput = true })!;
                var errors = await make.StandardError.ReadToEndAsync();
                await make.WaitForExitAsync();
                if (make.ExitCode != 0)
                {
                    throw new InvalidOperationException("make-loop.sh failed: " + errors);
                }
            }

            return path;
        }
        finally
        {
            LoopGate.Release();
        }
    }
}
