using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// A camera killed, frozen (connected but silent) and killed again, each time until the recorder has
/// failed to reach it: one gap per outage with its reason, the status visible in the API, recording
/// resumed each time without help, no corrupt segment.
/// </summary>
public sealed class CameraFaultTests : IAsyncLifetime
{
    private const string Instance = "parking";
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private CacheWatch Cache => new(Path.Combine(_folder.Path, "cache"));

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Fact]
    public async Task Faults_KilledFrozenKilled_OneGapEachWithItsReason()
    {
        await _host.RecordAsync(Instance, _camera.Url, Cache.CachePath);
        await WaitForLiveSessionAsync(null);
        await WaitForMediaAsync();

        var statusWhileDown = await KillAndRestartAsync();
        await FreezeAndThawAsync();
        await KillAndRestartAsync();
        await WaitForMediaAsync();
        await _host.DeactivateAsync(Instance);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.Settled), Eventually.Bound, "everything is sealed and uploaded");

        var asset = CvrHostProcess.AssetName(Instance);
        var gaps = await _host.GapsAsync(asset);
        Assert.Equal(["CameraUnreachable", "CameraTimeout", "CameraUnreachable"], gaps.Select(g => g.Reason));
        Assert.Equal(4, (await _host.AvailableMediaAsync(asset)).Count);
        Assert.Contains(statusWhileDown["connection"]?.GetValue<string>(), new[] { "Reconnecting", "Connecting" });
        Assert.Equal("CameraUnreachable", statusWhileDown["lastDisconnectReason"]?.GetValue<string>());
        foreach (var segment in SegmentFiles.InCache(Cache.CachePath))
        {
            var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", segment.Path, "-f", "null", "-"]);
            Assert.True(exitCode == 0 && errors.Length == 0, $"{segment.FileName}: {errors}");
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>
    /// Kills the camera until the recorder has tried it again and failed: the outage lasts until that
    /// fact, not for a fixed time. Returns the instance's recorder status seen during the outage.
    /// </summary>
    private async Task<JsonNode> KillAndRestartAsync()
    {
        var session = Cache.LiveSessions.Single();
        var port = _camera.Port;
        await _camera.DisposeAsync();
        var status = await WaitForFailedAttemptAsync(session, "the recorder tried the killed camera again and failed");
        _camera = await TestCamera.StartAsync(_folder.Path, port);
        await WaitForLiveSessionAsync(session);
        await WaitForMediaAsync(); // else the next fault may end the session before it holds a range, and two gaps become one
        return status;
    }

    /// <summary>
    /// SIGSTOP: the camera keeps the connection but sends nothing until ffmpeg's timeout ends the session;
    /// it stays frozen until the recorder's next attempt has failed against it too.
    /// </summary>
    private async Task FreezeAndThawAsync()
    {
        var session = Cache.LiveSessions.Single();
        _camera.Process.Freeze();
        await Eventually.WaitAsync(() => Task.FromResult(!Cache.LiveSessions.Contains(session)), Eventually.Bound, "the RTSP timeout ends the frozen session");
        await WaitForFailedAttemptAsync(session, "the recorder tried the frozen camera again and failed");
        _camera.Process.Thaw();
        await WaitForLiveSessionAsync(session);
        await WaitForMediaAsync();
    }

    /// <summary>
    /// Until an attempt after <paramref name="session"/> has failed (a later session id, and
    /// consecutiveFailures ≥ 1 since that session received media); the recorder's status then.
    /// </summary>
    private Task<JsonNode> WaitForFailedAttemptAsync(string session, string because) => Eventually.WaitAsync(
        async () => await _host.RecordingStatusAsync(Instance) is { } status
            && status["sessionId"]?.GetValue<string>() != Path.GetFileName(session)
            && status["consecutiveFailures"]?.GetValue<int>() >= 1
                ? status
                : null,
        Eventually.Bound,
        because);

    /// <summary>Until the live session holds two fragments (two GOPs of media), so that it makes a range of its own.</summary>
    private Task WaitForMediaAsync() => Eventually.WaitAsync(() => Task.FromResult(Cache.LiveFragments >= 2), Eventually.Bound, "the live session holds two fragments");

    private Task WaitForLiveSessionAsync(string? other) => Eventually.WaitAsync(
        () => Task.FromResult(Cache.LiveSessions.Length == 1 && Cache.LiveSessions[0] != other),
        Eventually.Bound,
        "a new session receives media");
}
