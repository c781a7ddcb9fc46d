using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>The catalog database lost: <c>cvr catalog rebuild</c> brings back the same timelines from the store.</summary>
public sealed class CatalogRebuildTests : IAsyncLifetime
{
    private const string Instance = "gate";
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private CacheWatch Cache => new(Path.Combine(_folder.Path, "cache"));

    private string DataPath => Path.Combine(_folder.Path, "data");

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path, dataFolder: DataPath);
    }

    [Fact]
    public async Task Rebuild_AfterCatalogDeleted_GivesTheSameTimelines()
    {
        var asset = CvrHostProcess.AssetName(Instance);
        await _host.RecordAsync(Instance, _camera.Url, Cache.CachePath);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.UploadedCount >= 1), Eventually.Bound, "a segment is uploaded");
        var port = _camera.Port;
        await _camera.DisposeAsync();
        await Eventually.WaitAsync(
            async () => (await _host.RecordingStatusAsync(Instance))?["connection"]?.GetValue<string>() != "Connected",
            Eventually.Bound,
            "the recorder noticed the camera is gone");
        _camera = await TestCamera.StartAsync(_folder.Path, port);
        await Eventually.WaitAsync(
            async () => (await _host.SegmentsAsync(asset)).Select(s => s.SessionId).Distinct().Count() >= 2,
            Eventually.Bound,
            "a second session is recorded after the camera came back");
        await _host.DeactivateAsync(Instance);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.Settled), Eventually.Bound, "everything is uploaded");
        var before = await _host.SegmentsAsync(asset);
        var rangesBefore = await _host.AvailableMediaAsync(asset);

        // What is compared spans the camera's outage: two sessions at least, and the gap between them.
        Assert.True(before.Select(s => s.SessionId).Distinct().Count() >= 2, $"sessions: {string.Join(", ", before.Select(s => s.SessionId).Distinct())}");
        Assert.True(rangesBefore.Count >= 2, $"{rangesBefore.Count} range(s)");
        await _host.StopAsync();
        await _host.DisposeAsync();
        File.Delete(Path.Combine(DataPath, "catalog.db"));

        // Files Cvr did not write, in the asset's folder: skipped and counted, never a crash.
        await File.WriteAllTextAsync(Path.Combine(DataPath, "assets", asset, ".DS_Store"), "finder");
        await File.WriteAllTextAsync(Path.Combine(DataPath, "assets", asset, "notes.seed"), "seed");

        var (exitCode, output, errors) = await CvrHostProcess.RunCommandAsync("catalog", "rebuild", "--data", DataPath);
        _host = await CvrHostProcess.StartAsync(_folder.Path, dataFolder: DataPath);

        Assert.True(exitCode == 0, errors);
        Assert.Contains($"{before.Count} segments in 1 assets (2 other blobs skipped)", output, StringComparison.Ordinal);
        Assert.Equal(before, await _host.SegmentsAsync(asset));
        Assert.Equal(rangesBefore, await _host.AvailableMediaAsync(asset));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }
}
