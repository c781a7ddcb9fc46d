using System.Globalization;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>Cameras whose clocks drift, step, or are trusted: what Cvr's times do with each (docs/time.md).</summary>
public class CameraClockTests(CameraClockFixture cameras) : IClassFixture<CameraClockFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task DriftingCamera_WithinTheSlew_StaysOnTheHostClockInOneSessionOfAbuttingSegments()
    {
        // 3000 ppm over four segments: stamped from the camera's own timestamps, the last keyframes
        // would be ~300 ms late; corrected by the slew they stay right.
        const string instance = CameraClockFixture.WithinBound;
        var segments = await UploadedAsync(instance, count: 4);

        Assert.Single(segments.Select(s => s.SessionId).Distinct());
        for (var i = 1; i < segments.Count; i++)
        {
            Assert.Equal(segments[i - 1].End, segments[i].Start);
        }

        await AssertStampedWhenSentAsync(instance, segments, TimeSpan.FromMilliseconds(100));
        var catalog = await cameras.Host.SegmentsAsync(CameraClockFixture.Asset(instance));
        Assert.InRange(catalog[^1].ClockDriftPpm!.Value, 2700, 3300);
        Assert.All(catalog, s => Assert.InRange(s.ClockErrorMs!.Value, -100, 100));
    }

    [Fact]
    public async Task DriftingCamera_BeyondTheSlew_SaysSoAndStartsANewSessionWithReasonCameraClockDrift()
    {
        const string instance = CameraClockFixture.BeyondBound;

        var gap = await GapAsync(instance, "CameraClockDrift");
        var status = await Eventually.WaitAsync(
            async () => await cameras.Host.RecordingStatusAsync(instance) is { } s && s["clock"]?["withinBounds"]?.GetValue<bool>() == false ? s : null,
            Bound,
            "the instance's status says its camera's clock is out of bounds");

        Assert.Equal("CameraClockDrift", status["lastDisconnectReason"]!.GetValue<string>());
        Assert.NotNull(status["clock"]!["warning"]!.GetValue<string>());
        Assert.True(gap.End > gap.Start);
        var segments = SegmentFiles.InCache(cameras.CachePath(instance));
        Assert.True(segments.Select(s => s.SessionId).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task SteppingCamera_StartsANewSessionWithReasonCameraClockStep()
    {
        const string instance = CameraClockFixture.Stepping;

        var gap = await GapAsync(instance, "CameraClockStep");

        Assert.True(gap.End > gap.Start);
        var log = await File.ReadAllTextAsync(cameras.Host.Process.LogPath);
        Assert.Contains("timestamps jumped ahead by", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CameraTime_ChosenByTheTopology_IsUsedAndRight()
    {
        const string instance = CameraClockFixture.CameraTime;
        var segments = await UploadedAsync(instance, count: 2);

        var catalog = await cameras.Host.SegmentsAsync(CameraClockFixture.Asset(instance));
        Assert.Contains(catalog, s => s.ClockSource == "Camera");
        await AssertStampedWhenSentAsync(instance, segments.Where(s => catalog.Single(c => c.FileName == s.FileName).ClockSource == "Camera").ToList(), TimeSpan.FromMilliseconds(100));
    }

    private async Task<IReadOnlyList<SegmentFiles.Manifest>> UploadedAsync(string instance, int count) =>
        await Eventually.WaitAsync(
            () =>
            {
                var uploaded = SegmentFiles.InCache(cameras.CachePath(instance)).Where(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal)).ToList();
                return Task.FromResult(uploaded.Count >= count ? (IReadOnlyList<SegmentFiles.Manifest>?)uploaded : null);
            },
            Bound,
            $"{count} segments of {instance} are uploaded");

    private Task<Gap> GapAsync(string instance, string reason) =>
        Eventually.WaitAsync(
            async () => (await cameras.Host.GapsAsync(CameraClockFixture.Asset(instance))).Where(g => g.Reason == reason).Select(g => new Gap(g.Start, g.End)).FirstOrDefault(),
            Bound,
            $"{instance} has a gap with reason {reason}");

    private async Task AssertStampedWhenSentAsync(string instance, IReadOnlyList<SegmentFiles.Manifest> segments, TimeSpan bound)
    {
        Assert.NotEmpty(segments);
        var camera = cameras.Camera(instance);
        var loop = await KeyframeStamps.LoopFingerprintsAsync(camera.LoopFile, gop: 50);
        var sends = CameraSends.Read(camera.SendLog!);
        foreach (var segment in segments)
        {
            var errors = (await KeyframeStamps.OfSegmentAsync(segment.Path, segment.Start, segment.End, loop, sends)).Select(s => s.Error).ToList();
            Assert.True(errors.All(e => e.Duration() <= bound), $"{instance} {segment.FileName}: {string.Join(", ", errors.Select(e => e.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)))} ms");
        }
    }

    private sealed record Gap(DateTimeOffset Start, DateTimeOffset End);
}
