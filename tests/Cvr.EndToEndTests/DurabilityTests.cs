using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// What a power cut would find, proven from the system calls the host makes while it records (strace
/// on the host, its threads and its ffmpegs): every step of a segment's way is forced to disk before
/// the next one names it, and what ffmpeg writes is forced to disk once per fragment.
/// </summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private const string Instance = "durable";
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
    public async Task Segment_OnItsWayToTheStore_IsForcedToDiskBeforeEachNextStepNamesIt()
    {
        await _host.RecordAsync(Instance, _camera.Url, Cache.CachePath);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.LiveSessions.Length > 0), Eventually.Bound, "ffmpeg writes its first segment");
        IReadOnlyList<SyscallTrace.Call> calls;
        await using (var trace = await SyscallTrace.AttachAsync(_host.Process.Id, _folder.Path))
        {
            var uploadedBefore = Cache.UploadedCount;
            await Eventually.WaitAsync(() => Task.FromResult(Cache.UploadedCount >= uploadedBefore + 2), TimeSpan.FromSeconds(150), "two more segments are uploaded while traced");
            calls = await trace.StopAsync();
        }

        var segment = SegmentFiles.InCache(Cache.CachePath).Last(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal));
        var name = segment.FileName;
        var session = Path.Combine(Cache.CachePath, "ingest", segment.SessionId, $"seg-{segment.Sequence:D6}.mp4");
        var sealedVideo = Path.Combine(Cache.CachePath, "sealed", name);
        var sealedManifest = Path.ChangeExtension(sealedVideo, ".json");
        var stored = Path.Combine(_host.DataFolder, "assets", CvrHostProcess.AssetName(Instance), name);

        var videoSealed = Renamed(calls, session, sealedVideo);
        Assert.True(Synced(calls, session) < videoSealed, "ffmpeg's file is forced to disk before it is sealed");
        var manifestNamed = Renamed(calls, sealedManifest + ".tmp", sealedManifest);
        Assert.True(Synced(calls, sealedManifest + ".tmp") < manifestNamed, "the manifest is forced to disk before it is named");
        Assert.True(manifestNamed < videoSealed, "the manifest is in place before the video it describes");
        Assert.True(SyncedAfter(calls, Path.GetDirectoryName(sealedVideo)!, videoSealed) < Renamed(calls, sealedVideo, Path.Combine(Cache.CachePath, "uploaded", name)),
            "the sealed/ folder is forced to disk (after which SegmentSealed is published) before anything moves on");
        var storedNamed = Renamed(calls, stored + ".uploading", stored);
        Assert.True(SyncedAfter(calls, Path.GetDirectoryName(stored)!, storedNamed) < Renamed(calls, sealedVideo, Path.Combine(Cache.CachePath, "uploaded", name)),
            "the store's folder is forced to disk (after which SegmentUploaded is published) before the local copy moves to uploaded/");

        // While ffmpeg writes, what it has written is forced to disk at least once per fragment (2 s) and a second.
        var flushes = calls.Where(c => c.Name == "fsync" && c.Paths.Any(p => p.StartsWith(Path.Combine(Cache.CachePath, "ingest"), StringComparison.Ordinal) && p.EndsWith(".mp4", StringComparison.Ordinal))).Select(c => c.At).ToList();
        Assert.True(flushes.Count >= 20, $"{flushes.Count} flushes of ffmpeg's files while traced");
        var longest = flushes.Zip(flushes.Skip(1), (a, b) => b - a).Max();
        Assert.True(longest <= TimeSpan.FromSeconds(3.5), $"ffmpeg's file went {longest.TotalSeconds:F1} s without being forced to disk");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }

    private static TimeSpan Renamed(IReadOnlyList<SyscallTrace.Call> calls, string from, string to) =>
        calls.FirstOrDefault(c => c.Name.StartsWith("rename", StringComparison.Ordinal) && c.Paths.Count >= 2 && c.Paths[^2] == from && c.Paths[^1] == to)?.At
        ?? throw new Xunit.Sdk.XunitException($"no rename of {from} to {to} was traced");

    /// <summary>When <paramref name="path"/> was last forced to disk (before any rename of it).</summary>
    private static TimeSpan Synced(IReadOnlyList<SyscallTrace.Call> calls, string path) =>
        calls.LastOrDefault(c => c.Name is "fsync" or "fdatasync" && c.Paths.Contains(path))?.At
        ?? throw new Xunit.Sdk.XunitException($"{path} was never forced to disk");

    private static TimeSpan SyncedAfter(IReadOnlyList<SyscallTrace.Call> calls, string path, TimeSpan after) =>
        calls.FirstOrDefault(c => c.Name is "fsync" or "fdatasync" && c.At >= after && c.Paths.Contains(path))?.At
        ?? throw new Xunit.Sdk.XunitException($"{path} was not forced to disk after {after}");
}
