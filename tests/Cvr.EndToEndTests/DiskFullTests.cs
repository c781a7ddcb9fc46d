using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// The cache on a real 40 MiB disk with a cap of 1 GiB (caps that add up to more than the disk are the
/// default install's fate): recording goes on for minutes while the store is down, the disk's floor is
/// kept by dropping the oldest video with reason DiskFull, a disk filled by somebody else stops no
/// recorder for good, and once space returns recording resumes with no help.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private const string Instance = "attic";
    private readonly TemporaryFolder _folder = new();
    private SmallFileSystem _disk = null!;
    private AzuriteServer _azurite = null!;
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private CacheWatch Cache => new(Path.Combine(_disk.Path, "cache"));

    public async Task InitializeAsync()
    {
        _disk = await SmallFileSystem.MountAsync(_folder.Path, 40);
        _azurite = await AzuriteServer.StartAsync(_folder.Path);
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(
            _folder.Path,
            assetStore: _azurite.ConnectionString,
            environment: new Dictionary<string, string> { ["Uploader__MinimumFreeSpaceMiB"] = "10", ["Uploader__DiskCheckInterval"] = "00:00:02" });
    }

    [Fact]
    public async Task SmallDisk_StoreDownThenFilledByAnother_KeepsRecordingAndResumesBySelf()
    {
        var asset = CvrHostProcess.AssetName(Instance);
        await _host.RecordAsync(Instance, _camera.Url, Cache.CachePath, cacheMiB: 1024);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.UploadedCount >= 1), Eventually.Bound, "a first segment is uploaded");

        // The store goes away: sealed segments pile up on the small disk until its floor is reached.
        var port = _azurite.Port;
        await _azurite.StopAsync();
        await Eventually.WaitAsync(
            async () => (await _host.GapsAsync(asset)).Any(g => g.Reason == "DiskFull"),
            TimeSpan.FromMinutes(5),
            "the oldest video not uploaded is dropped for the disk, a gap with reason DiskFull");
        Assert.True((await _host.RecordingStatusAsync(Instance))!["connection"]!.GetValue<string>() == "Connected", "recording went on meanwhile");

        // Somebody else keeps filling the disk (whatever the uploader frees by dropping cached video, it
        // takes again): ffmpeg cannot write; the recorder says why and keeps trying. One fill alone races
        // the uploader's disk guard, which may free space before ffmpeg's next write.
        var junk = new List<string>();
        await Eventually.WaitAsync(
            async () =>
            {
                junk.Add(await _disk.FillAsync());
                return (await _host.RecordingStatusAsync(Instance))?["lastDisconnectReason"]?.GetValue<string>() == "DiskFull";
            },
            TimeSpan.FromMinutes(2),
            "the instance's status says the disk is full");
        var stopped = DateTimeOffset.UtcNow;

        // Space and the store come back: recording and uploads resume by themselves.
        junk.ForEach(File.Delete);
        _azurite = await AzuriteServer.StartAsync(_folder.Path, port);
        await Eventually.WaitAsync(
            async () => (await _host.SegmentsAsync(asset)).Any(s => s.Start > stopped && s.Uploaded),
            TimeSpan.FromMinutes(3),
            "a segment recorded after the disk was freed is uploaded");

        var status = await _host.RecordingStatusAsync(Instance);
        Assert.Equal("Connected", status!["connection"]!.GetValue<string>());
        var segments = await _host.SegmentsAsync(asset);
        Assert.Contains(segments, s => s.Evicted);
        Assert.DoesNotContain(await _host.GapsAsync(asset), g => g.Reason is "Unknown");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        await _azurite.DisposeAsync();
        await _disk.DisposeAsync();
        _folder.Dispose();
    }
}
