using Cvr.Contracts.Events;
using Cvr.Ingest.Recording;
using Cvr.Platform.Observability;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Observability;

public sealed class RecordingMetricsTests : IDisposable
{
    private static readonly StreamDescriptor Stream = new("gate", "CVRToAMSAsset", "asset-gate", 30, "/cache/gate", 1L << 30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly TestMeterFactory _meters = new();
    private readonly MeasurementLog _log;
    private RecorderStatus _status;

    public RecordingMetricsTests()
    {
        _log = new MeasurementLog(_meters);
        _status = new RecorderStatus(RecorderStatus.Connected, _time.GetUtcNow(), "s", null, null, 0, null);
    }

    [Fact]
    public void Observe_ConnectedCamera_ReportsItsStateOnlyByInstanceAndAsset()
    {
        var metrics = new RecordingMetrics(_meters, _time);
        metrics.Track(Stream, () => _status);

        _log.Observe();

        Assert.Equal([1.0], _log.Values("cvr.camera.state", (CameraTags.Instance, "gate"), ("cvr.camera.state", RecorderStatus.Connected)));
        Assert.Equal([0.0], _log.Values("cvr.camera.state", ("cvr.camera.state", RecorderStatus.Reconnecting)));
        Assert.All(_log.Tags("cvr.camera.state"), t => Assert.Equal([CameraTags.Asset, "cvr.camera.state", CameraTags.Instance], t.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Recorded_HalfOfTheSettledTime_RatioIsHalfAndSecondsAreCountedOnce()
    {
        var metrics = new RecordingMetrics(_meters, _time);
        var start = _time.GetUtcNow();
        metrics.Track(Stream, () => _status);
        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(60)); // 2 min settled (30 s segments + 30 s allowance)

        var segment = Segment(start, TimeSpan.FromSeconds(60));
        metrics.Recorded(segment);
        metrics.Recorded(segment); // a redelivery
        _log.Observe();

        Assert.Equal([0.5], _log.Values("cvr.recording.ratio", (CameraTags.Instance, "gate")));
        Assert.Equal([60.0], _log.Values("cvr.recording.duration", (CameraTags.Asset, "asset-gate")));
        Assert.Equal([180.0], _log.Values("cvr.recording.expected_duration"));
        Assert.Equal(0.5, metrics.RatioOf("gate"));
    }

    [Fact]
    public void Observe_ClockMeasured_ReportsErrorInSecondsAndDriftInPpm()
    {
        var metrics = new RecordingMetrics(_meters, _time);
        _status = _status with { Clock = new SessionClockStatus(ClockSource.Camera, 12.5, -40, true, null) };
        metrics.Track(Stream, () => _status);

        _log.Observe();

        Assert.Equal([-0.04], _log.Values("cvr.clock.error"));
        Assert.Equal([12.5], _log.Values("cvr.clock.drift"));
    }

    [Fact]
    public void Forget_DeactivatedCamera_IsNoLongerReported()
    {
        var metrics = new RecordingMetrics(_meters, _time);
        metrics.Track(Stream, () => _status);
        metrics.Forget("gate");

        _log.Observe();

        Assert.Empty(_log.Values("cvr.camera.state"));
        Assert.Null(metrics.RatioOf("gate"));
    }

    [Fact]
    public void Reconnecting_CountsByReason()
    {
        var metrics = new RecordingMetrics(_meters, _time);

        metrics.Reconnecting(Stream, DisconnectReason.CameraUnreachable);
        metrics.Reconnecting(Stream, DisconnectReason.CameraUnreachable);
        metrics.FfmpegRestarted(Stream);

        Assert.Equal([1.0, 1.0], _log.Values("cvr.camera.reconnects", ("cvr.disconnect.reason", nameof(DisconnectReason.CameraUnreachable))));
        Assert.Equal([1.0], _log.Values("cvr.ffmpeg.restarts", (CameraTags.Instance, "gate")));
    }

    public void Dispose()
    {
        _log.Dispose();
        _meters.Dispose();
    }

    private static SegmentDescriptor Segment(DateTimeOffset start, TimeSpan length) =>
        new("gate", "asset-gate", "s", 0, start, start + length, 1000, "00", "x.mp4");
}
