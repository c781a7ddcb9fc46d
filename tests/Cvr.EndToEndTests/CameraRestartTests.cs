using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>A camera that goes away for 10 s and comes back: a gap, and recording resumes by itself.</summary>
public sealed class CameraRestartTests : IAsyncLifetime
{
    private const string Instance = "yard";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private string CachePath => Path.Combine(_folder.Path, "cache");

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Fact]
    public async Task Recording_CameraStoppedTenSecondsAndRestarted_TwoRangesWithTheGapBetween()
    {
        await _host.RecordAsync(Instance, _camera.Url, CachePath);
        await WaitForSessionsAsync(1);
        await WaitForMediaAsync();

        var port = _camera.Port;
        await _camera.StopAsync();
        var stoppedAt = DateTimeOffset.UtcNow; // once it has stopped: it may send frames while it stops
        await _camera.DisposeAsync();
        await Task.Delay(Outage); // the outage itself: its length is the scenario, not a wait for a fact
        _camera = await TestCamera.StartAsync(_folder.Path, port);
        var restartedAt = DateTimeOffset.UtcNow;

        await WaitForSessionsAsync(2);
        await WaitForMediaAsync();
        await _host.DeactivateAsync(Instance);
        await Eventually.WaitAsync(
            async () => (await _host.AvailableMediaAsync(CvrHostProcess.AssetName(Instance))).Count == 2 && new CacheWatch(CachePath).SessionFolders.Length == 0,
            Eventually.Bound,
            "both sessions are sealed and catalogued");

        var ranges = await _host.AvailableMediaAsync(CvrHostProcess.AssetName(Instance));
        Assert.Equal(2, ranges.Count);
        Assert.True(ranges[0].End <= stoppedAt.AddSeconds(1), $"first range ends {ranges[0].End:O}, camera stopped {stoppedAt:O}");
        Assert.True(ranges[1].Start >= restartedAt.AddSeconds(-TestCamera.Gop.TotalSeconds - 1), $"second range starts {ranges[1].Start:O}, camera back {restartedAt:O}");
        Assert.True(ranges[1].Start - ranges[0].End >= Outage - TimeSpan.FromSeconds(1));
        Assert.Equal(2, SegmentFiles.InCache(CachePath).Select(s => s.SessionId).Distinct().Count());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }


    /// <summary>Until the live session holds two fragments (two GOPs), so that it makes a range of its own.</summary>
    private Task WaitForMediaAsync() => Eventually.WaitAsync(
        () => Task.FromResult(new CacheWatch(CachePath).LiveFragments >= 2), Eventually.Bound, "the live session holds two fragments");

    /// <summary>Waits until this many sessions have received media (ffmpeg created their first segment file).</summary>
    private Task WaitForSessionsAsync(int count) => Eventually.WaitAsync(
        () =>
        {
            var recording = new CacheWatch(CachePath).LiveSessions.Length;
            var finished = SegmentFiles.InCache(CachePath).Select(s => s.SessionId).Distinct().Count();
            return Task.FromResult(recording + finished >= count && recording >= 1);
        },
        Eventually.Bound,
        $"session {count} is receiving media");
}
