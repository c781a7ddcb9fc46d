using System.Diagnostics;
using System.Globalization;
using Cvr.Testing;

namespace Cvr.Bench;

/// <summary>
/// The repository's test camera serving /cam0../cam{N-1} from one process (tools/testcam, --mounts N):
/// the same pre-encoded 1280x720 25 fps H.264 loop the end-to-end tests use, never re-encoded, paced by
/// the wall clock with every keyframe sent logged (<see cref="SendLog"/>), so that recorded times can be
/// checked against when each frame really left.
/// </summary>
internal sealed class CameraServer : IAsyncDisposable
{
    /// <summary>make-loop.sh arguments: 10 s, 25 fps, GOP 50 (whole GOPs, so exactly 10 s).</summary>
    private const int LoopSeconds = 10;

    private readonly ManagedProcess _process;

    private CameraServer(ManagedProcess process, int port, int mounts, double bytesPerSecond, string sendLog)
    {
        _process = process;
        Port = port;
        Mounts = mounts;
        BytesPerSecondPerMount = bytesPerSecond;
        SendLog = sendLog;
    }

    /// <summary>Every keyframe sent, per mount (<see cref="CameraSends"/>).</summary>
    public string SendLog { get; }

    public static string Mount(int mount) => string.Create(CultureInfo.InvariantCulture, $"cam{mount}");

    public int Port { get; }

    public int Mounts { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The loop's H.264 bytes per second: what each mount sends, before RTP/RTSP framing.</summary>
    public double BytesPerSecondPerMount { get; }

    public static string LoopFile => Path.Combine(RepositoryPaths.Root, ".cvr", "test-media", "loop-720p25-gop50.h264");

    public string Url(int mount) => $"rtsp://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Mount(mount)}";

    public static async Task<CameraServer> StartAsync(string logFolder, int mounts, CancellationToken cancellationToken)
    {
        var loop = await EnsureLoopAsync(cancellationToken).ConfigureAwait(false);
        var sendLog = Path.Combine(logFolder, "camera-sends.log");
        var process = ManagedProcess.Start(
            "/usr/bin/python3",
            [Path.Combine(RepositoryPaths.Root, "tools", "testcam", "testcam.py"), "--file", loop, "--port", "0",
             "--mounts", mounts.ToString(CultureInfo.InvariantCulture), .. new CameraTiming().Arguments(sendLog)],
            Path.Combine(logFolder, "camera.log"));
        try
        {
            var ready = await process.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).WaitAsync(cancellationToken).ConfigureAwait(false);
            var port = int.Parse(ready[(ready.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            return new CameraServer(process, port, mounts, new FileInfo(loop).Length / (double)LoopSeconds, sendLog);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The loop file the tests use, made once per checkout (make-loop.sh is idempotent).</summary>
    private static async Task<string> EnsureLoopAsync(CancellationToken cancellationToken)
    {
        var path = LoopFile;
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "tools", "testcam", "make-loop.sh"), path, LoopSeconds.ToString(CultureInfo.InvariantCulture), "25", "50"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var make = Process.Start(info) ?? throw new InvalidOperationException("make-loop.sh did not start.");
        var output = make.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = make.StandardError.ReadToEndAsync(cancellationToken);
        await make.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        return make.ExitCode == 0 ? path : throw new InvalidOperationException("make-loop.sh failed: " + await errors.ConfigureAwait(false));
    }
}
