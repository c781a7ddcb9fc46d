using System.Globalization;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Cameras;

/// <summary>
/// A camera that sends nothing Cvr can store (Motion JPEG): the instance's status and a warning name it,
/// nothing is recorded as if it were video, and the camera is asked again only after minutes, never in a tight loop.
/// </summary>
public sealed class UnsupportedCameraTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path, stream: new CameraStream(VideoLoop.Mjpeg));
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Fact]
    public async Task MjpegCamera_Recorded_StatusSaysUnsupportedCodecAndTheNextAttemptIsMinutesAway()
    {
        var cache = Path.Combine(_folder.Path, "cache");
        await _host.RecordAsync("mjpeg", _camera.Url, cache);

        var status = await Eventually.WaitAsync(
            async () => await _host.RecordingStatusAsync("mjpeg") is { } s && s["lastDisconnectReason"]?.GetValue<string>() == "UnsupportedCodec" ? s : null,
            Eventually.Bound,
            "the instance's status names the unsupported codec");
        var seenAt = DateTimeOffset.UtcNow;
        var nextAttempt = DateTimeOffset.Parse(status["nextAttemptAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        await _host.Process.WaitForLineAsync(l => l.Contains("Recording mjpeg: reconnecting in", StringComparison.Ordinal), Eventually.Bound); // logged just after the status is set
        var attempts = _host.Process.Lines.Count(l => l.Contains("Recording mjpeg: reconnecting in", StringComparison.Ordinal));

        Assert.Equal("UnsupportedCodec: mjpeg", status["lastDisconnectDetail"]?.GetValue<string>());
        Assert.Equal("Reconnecting", status["connection"]?.GetValue<string>());
        Assert.True(nextAttempt - seenAt > TimeSpan.FromMinutes(1), $"the next attempt is due at {nextAttempt:O}, seen at {seenAt:O}");
        Assert.Equal(1, attempts);
        var lines = _host.Process.Lines.ToList();
        var warning = lines.FindIndex(l => l.Contains("Recording mjpeg: UnsupportedCodec: mjpeg; Cvr records H.264 or H.265 video", StringComparison.Ordinal));
        Assert.True(warning > 0 && lines[warning - 1].StartsWith("warn:", StringComparison.Ordinal), "a warning names the codec");
        Assert.Empty(Directory.Exists(cache) ? Directory.EnumerateFiles(cache, "*.mp4", SearchOption.AllDirectories) : []);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }
}
