using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// The host killed with SIGKILL right after sealing (while uploading), three times: no sealed segment
/// lost, no duplicate blob, and the catalog agrees exactly with the store.
/// </summary>
public sealed class HostKillTests : IAsyncLifetime
{
    private const string Instance = "warehouse";
    private const int Kills = 3;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(25);
    private readonly TemporaryFolder _folder = new();
    private AzuriteServer _azurite = null!;
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private CacheWatch Cache => new(Path.Combine(_folder.Path, "cache"));

    private string DataPath => Path.Combine(_folder.Path, "data");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(_folder.Path);
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await StartHostAsync();
    }

    [Fact]
    public async Task Sigkill_WhileSealingAndUploading_LosesNoSealedSegmentAndMakesNoDuplicate()
    {
        await _host.RecordAsync(Instance, _camera.Url, Cache.CachePath);
        var killed = new List<string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            // Each kill ends a session of its own that holds sealed video: one restart, one gap.
            var session = await WaitForNewSessionAsync(killed);
            await Eventually.WaitAsync(
                () => Task.FromResult(SegmentFiles.InCache(Cache.CachePath).Any(s => s.SessionId == session)),
                Eventually.Bound,
                $"a segment of session {session} is sealed");
            await _host.Process.CrashAsync();
            await _host.DisposeAsync();
            killed.Add(session);
            _host = await StartHostAsync();
        }

        await WaitForNewSessionAsync(killed);
        // The last restart's gap is a gap only if recording resumed after it: two GOPs of media, not a folder.
        await Eventually.WaitAsync(() => Task.FromResult(Cache.LiveFragments >= 2), Eventually.Bound, "the session after the last kill holds two fragments");
        await _host.DeactivateAsync(Instance);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.Settled), Eventually.Bound, "everything is sealed and uploaded");

        var asset = CvrHostProcess.AssetName(Instance);
        var catalog = await _host.SegmentsAsync(asset);
        var puts = await _azurite.BlobPutCountsAsync(asset);
        var cached = SegmentFiles.InCache(Cache.CachePath);

        // The catalog agrees with the store; the store holds every sealed segment, each session/sequence once.
        Assert.Equal(puts.Keys.Order(StringComparer.Ordinal), catalog.Select(s => s.FileName).Order(StringComparer.Ordinal));
        Assert.Equal(cached.Select(s => s.FileName).Order(StringComparer.Ordinal), puts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(cached.Count, cached.Select(s => (s.SessionId, s.Sequence)).Distinct().Count());

        // What is missing is the restart window only, each time: one gap per kill.
        var gaps = await _host.GapsAsync(asset);
        Assert.Equal(Kills, gaps.Count);
        Assert.All(gaps, g => Assert.Equal("IngestRestarted", g.Reason));
        Assert.All(gaps, g => Assert.True(g.End - g.Start < Window, $"gap of {(g.End - g.Start).TotalSeconds:F1} s"));
        foreach (var segment in cached)
        {
            var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", segment.Path, "-f", "null", "-"]);
            Assert.True(exitCode == 0 && errors.Length == 0, $"{segment.FileName}: {errors}");
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        await _azurite.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Until a session that is none of <paramref name="earlier"/> receives media; its id.</summary>
    private async Task<string> WaitForNewSessionAsync(IReadOnlyCollection<string> earlier)
    {
        var live = await Eventually.WaitAsync(
            () => Task.FromResult(Cache.LiveSessions.Select(Path.GetFileName).FirstOrDefault(s => !earlier.Contains(s!))),
            Eventually.Bound,
            "a new session receives media");
        return live!;
    }

    private Task<CvrHostProcess> StartHostAsync() =>
        CvrHostProcess.StartAsync(_folder.Path, assetStore: _azurite.ConnectionString, dataFolder: DataPath);
}
