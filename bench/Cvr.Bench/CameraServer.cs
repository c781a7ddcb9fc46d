using System.Globalization;
using Cvr.Testing;

namespace Cvr.Bench;

/// <summary>
/// The repository's test camera serving /cam0../cam{N-1} from one process (tools/testcam, --mounts N):
/// the same pre-encoded 1280x720 25 fps loops the end-to-end tests use (<see cref="BenchStream"/>: H.264,
/// H.265, or H.264 with G.711 audio), never re-encoded, paced by the wall clock with every keyframe sent
/// logged (<see cref="SendLog"/>), so that recorded times can be checked against when each frame really left.
/// </summary>
internal sealed class CameraServer : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private CameraServer(ManagedProcess process, int port, int mounts, string loopFile, double bytesPerSecond, string sendLog)
    {
        _process = process;
        Port = port;
        Mounts = mounts;
        LoopFile = loopFile;
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

    /// <summary>The video loop every mount sends (25 fps, a keyframe every 50 frames).</summary>
    public string LoopFile { get; }

    /// <summary>The loops' bytes per second (video, and audio if any): what each mount sends, before RTP/RTSP framing.</summary>
    public double BytesPerSecondPerMount { get; }

    public string Url(int mount) => $"rtsp://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Mount(mount)}";

    public static async Task<CameraServer> StartAsync(string logFolder, int mounts, BenchStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var streamArguments = await stream.Camera.ArgumentsAsync(cancellationToken).ConfigureAwait(false);
        var loop = await TestMedia.VideoAsync(stream.Camera.Video, cancellationToken).ConfigureAwait(false);
        var bytes = new FileInfo(loop).Length
            + (stream.HasAudio ? new FileInfo(await TestMedia.AudioAsync(stream.Camera.Audio, cancellationToken).ConfigureAwait(false)).Length : 0);
        var sendLog = Path.Combine(logFolder, "camera-sends.log");
        var process = ManagedProcess.Start(
            "/usr/bin/python3",
            [Path.Combine(RepositoryPaths.Root, "tools", "testcam", "testcam.py"), .. streamArguments, "--port", "0",
             "--mounts", mounts.ToString(CultureInfo.InvariantCulture), .. new CameraTiming().Arguments(sendLog)],
            Path.Combine(logFolder, "camera.log"));
        try
        {
            var ready = await process.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).WaitAsync(cancellationToken).ConfigureAwait(false);
            var port = int.Parse(ready[(ready.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            return new CameraServer(process, port, mounts, loop, bytes / (double)BenchStream.LoopSeconds, sendLog);
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
}
