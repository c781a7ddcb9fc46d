using System.Globalization;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// The host killed with SIGKILL in the middle of a segment: on restart the orphaned ffmpeg is stopped,
/// the torn segment is repaired and kept, and recording resumes by itself.
/// </summary>
public sealed class HostCrashTests : IAsyncLifetime
{
    private const string Instance = "garage";
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private string CachePath => Path.Combine(_folder.Path, "cache");

    private string DataPath => Path.Combine(_folder.Path, "data");

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path, dataFolder: DataPath);
    }

    [Fact]
    public async Task Restart_AfterSigkillMidSegment_RepairsTornSegmentAndResumes()
    {
        await _host.RecordAsync(Instance, _camera.Url, CachePath);
        var tornSession = await Eventually.WaitAsync(
            () => Task.FromResult(new CacheWatch(CachePath).SessionFolders.FirstOrDefault(f => File.Exists(Path.Combine(f, "seg-000000.mp4")) && new FileInfo(Path.Combine(f, "seg-000000.mp4")).Length > 1_000_000)),
            Eventually.Bound,
            "the first segment holds a few fragments");
        var orphan = int.Parse(await File.ReadAllTextAsync(Path.Combine(tornSession, "ffmpeg.pid")), CultureInfo.InvariantCulture);

        await _host.Process.CrashAsync();
        await _host.DisposeAsync();
        Assert.True(Directory.Exists($"/proc/{orphan}"), "ffmpeg outlives the killed host, as after a real crash");

        _host = await CvrHostProcess.StartAsync(_folder.Path, dataFolder: DataPath);
        await Eventually.WaitAsync(
            () => Task.FromResult(!Directory.Exists(tornSession) && new CacheWatch(CachePath).SessionFolders.Any(f => File.Exists(Path.Combine(f, "seg-000000.mp4")))),
            Eventually.Bound,
            "the torn session is settled and a new one records");
        Assert.False(Directory.Exists($"/proc/{orphan}"), "the orphaned ffmpeg was stopped");

        await _host.DeactivateAsync(Instance);
        await Eventually.WaitAsync(
            () => Task.FromResult(new CacheWatch(CachePath).SessionFolders.Length == 0 && SegmentFiles.InCache(CachePath).All(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal))),
            Eventually.Bound,
            "everything is sealed and uploaded");

        var segments = SegmentFiles.InCache(CachePath);
        Assert.Contains(segments, s => s.SessionId == Path.GetFileName(tornSession) && s.Sequence == 0);
        Assert.Equal(2, segments.Select(s => s.SessionId).Distinct().Count());
        foreach (var segment in segments)
        {
            var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", segment.Path, "-f", "null", "-"]);
            Assert.True(exitCode == 0 && errors.Length == 0, $"{segment.FileName}: {errors}");
        }

        var stored = Directory.GetFiles(Path.Combine(DataPath, "assets", CvrHostProcess.AssetName(Instance)), "*.mp4").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(segments.Select(s => s.FileName).Order(StringComparer.Ordinal), stored);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }

}
