using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// Retention PT2M (the asset sink's retentionPeriod), on a folder store and on Azurite, recorded side
/// by side for five minutes: nothing older than the retention remains in the store or the catalog, and
/// every range the catalog lists plays.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private const string Instance = "short-memory";
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly TemporaryFolder _folder = new();
    private AzuriteServer _azurite = null!;
    private TestCamera _camera = null!;
    private CvrHostProcess _folderHost = null!;
    private CvrHostProcess _azureHost = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(_folder.Path);
        _camera = await TestCamera.StartAsync(_folder.Path);
        var environment = new Dictionary<string, string> { ["Uploader__RetentionInterval"] = "00:00:10" };
        _folderHost = await CvrHostProcess.StartAsync(Path.Combine(_folder.Path, "folder"), environment: environment);
        _azureHost = await CvrHostProcess.StartAsync(Path.Combine(_folder.Path, "azure"), assetStore: _azurite.ConnectionString, environment: environment);
    }

    [Fact]
    public async Task Retention_OfTwoMinutes_AfterFiveLeavesNothingOlderAndEveryRangePlays()
    {
        var started = DateTimeOffset.UtcNow;
        foreach (var (host, name) in new[] { (_folderHost, "folder"), (_azureHost, "azure") })
        {
            await host.RecordAsync(Instance, _camera.Url, Path.Combine(_folder.Path, name, "cache"), retentionPeriod: "PT2M");
        }

        var asset = CvrHostProcess.AssetName(Instance);
        await Eventually.WaitAsync(
            async () => DateTimeOffset.UtcNow - started >= TimeSpan.FromMinutes(5)
                && (await _folderHost.SegmentsAsync(asset)).Count > 0 && (await _azureHost.SegmentsAsync(asset)).Count > 0,
            TimeSpan.FromMinutes(7),
            "five minutes of recording");

        // A pass runs every 10 s: what ended before now − retention − a pass must be gone.
        var cutoff = DateTimeOffset.UtcNow - Retention - Interval - TimeSpan.FromSeconds(5);
        var stored = new Dictionary<string, IReadOnlyList<DateTimeOffset>>
        {
            ["folder"] = FolderStoreEnds(_folderHost, asset),
            ["azure"] = await AzureStoreEndsAsync(asset),
        };
        foreach (var (host, name) in new[] { (_folderHost, "folder"), (_azureHost, "azure") })
        {
            var segments = await host.SegmentsAsync(asset);
            Assert.NotEmpty(segments);
            Assert.All(segments, s => Assert.True(s.End > cutoff, $"{name}: catalog still lists {s.FileName}, which ended {s.End:O}"));
            Assert.NotEmpty(stored[name]);
            Assert.All(stored[name], end => Assert.True(end > cutoff, $"{name}: the store still holds a segment that ended {end:O}"));
            Assert.True(segments.Min(s => s.Start) > started + TimeSpan.FromMinutes(1), $"{name}: the oldest recording was never deleted");

            foreach (var (start, end) in await host.AvailableMediaAsync(asset))
            {
                var url = await host.PlaybackUrlAsync(asset, start, end);
                var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "null", "-"]);
                Assert.True(exitCode == 0 && string.IsNullOrWhiteSpace(errors), $"{name}: {start:O}–{end:O} does not play: {errors}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _folderHost.DisposeAsync();
        await _azureHost.DisposeAsync();
        await _camera.DisposeAsync();
        await _azurite.DisposeAsync();
        _folder.Dispose();
    }

    private static List<DateTimeOffset> FolderStoreEnds(CvrHostProcess host, string asset)
    {
        var store = new Cvr.Platform.Storage.FolderAssetStore(Path.Combine(host.DataFolder, "assets"));
        return Ends(store.ListAsync(asset, CancellationToken.None).ToBlockingEnumerable());
    }

    private async Task<List<DateTimeOffset>> AzureStoreEndsAsync(string asset)
    {
        var store = new Cvr.Platform.Storage.AzureBlobAssetStore(_azurite.ConnectionString);
        return Ends(await store.ListAsync(asset, CancellationToken.None).ToListAsync());
    }

    private static List<DateTimeOffset> Ends(IEnumerable<Cvr.Platform.Storage.AssetBlob> blobs) =>
        [.. blobs.Select(b => Cvr.Platform.Storage.SegmentMetadata.TryRead(b, out var s) ? s!.End : DateTimeOffset.MinValue)];
}
