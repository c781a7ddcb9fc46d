namespace Cvr.Testing;

/// <summary>
/// The repository's test camera (GStreamer RTSP server, tools/testcam) as a real process on
/// 127.0.0.1, serving pre-encoded loops (25 fps, keyframe every 2 s) with continuous timestamps:
/// by default H.264 alone; with a <see cref="CameraStream"/>, H.265, an audio stream, or a change of
/// video settings mid-stream.
/// </summary>
public sealed class TestCamera : IAsyncDisposable
{
    public static readonly TimeSpan Gop = TimeSpan.FromSeconds(2);

    private readonly ManagedProcess _process;

    private TestCamera(ManagedProcess process, int port, string loopFile, string? sendLog, CameraStream stream, string scheme)
    {
        _process = process;
        Scheme = scheme;
        Port = port;
        LoopFile = loopFile;
        SendLog = sendLog;
        Stream = stream;
    }

    public int Port { get; }

    /// <summary>The video loop the camera serves first (25 fps, a keyframe every 50 frames).</summary>
    public string LoopFile { get; }

    /// <summary>With <see cref="CameraTiming"/>: the log of keyframes sent (<see cref="CameraSends"/>).</summary>
    public string? SendLog { get; }

    public CameraStream Stream { get; }

    /// <summary>rtsp, or rtsps when it was started with <see cref="TlsServerFiles"/>.</summary>
    public string Scheme { get; }

    public string Url => $"{Scheme}://127.0.0.1:{Port}/cam0";

    public ManagedProcess Process => _process;

    /// <param name="port">0 for a free port; a previous camera's port to "restart" it.</param>
    /// <param name="auth">none, basic or digest.</param>
    /// <param name="timing">Paced by the wall clock, with a send log; null for the pipeline-paced camera.</param>
    /// <param name="stream">What it sends; null for H.264 alone.</param>
    /// <param name="tls">Its certificate and key: it speaks RTSPS; null for plain RTSP.</param>
    public static async Task<TestCamera> StartAsync(string logFolder, int port = 0, string auth = "none", string user = "user", string password = "pass", CameraTiming? timing = null, CameraStream? stream = null, TlsServerFiles? tls = null, CancellationToken cancellationToken = default)
    {
        stream ??= new CameraStream();
        var streamArguments = await stream.ArgumentsAsync(cancellationToken);
        var name = $"camera-{DateTime.UtcNow:HHmmssfff}-{Guid.NewGuid().ToString("N")[..4]}";
        var sendLog = timing is null ? null : Path.Combine(logFolder, name + ".sends");
        var process = ManagedProcess.Start(
            "/usr/bin/python3",
            [Path.Combine(RepositoryPaths.Root, "tools", "testcam", "testcam.py"), .. streamArguments, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--auth", auth, "--user", user, .. timing?.Arguments(sendLog!) ?? [],
             .. tls is null ? [] : new[] { "--tls-cert", tls.CertificatePath, "--tls-key", tls.KeyPath }],
            Path.Combine(logFolder, name + ".log"),
            new Dictionary<string, string> { ["TESTCAM_PASSWORD"] = password }); // not in its command line, which tests scan for secrets
        try
        {
            var ready = await process.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var actualPort = int.Parse(ready[(ready.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return new TestCamera(process, actualPort, await TestMedia.VideoAsync(stream.Video, cancellationToken), sendLog, stream, tls is null ? "rtsp" : "rtsps");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(5));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
