using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cvr.Contracts.Events;
using Cvr.Platform.Observability;

namespace Cvr.Ingest.Recording;

/// <summary>
/// The ingest's per-camera recording metrics (labels <see cref="CameraTags"/>): seconds recorded and
/// expected and their ratio over the last hour, the camera's connection state, reconnects by reason,
/// ffmpeg restarts, and the session clock's error and drift. Each instrument is defined here and only here.
/// </summary>
public sealed class RecordingMetrics
{
    public const string MeterName = "Cvr.Ingest";

    /// <summary>The window of <c>cvr.recording.ratio</c> (and of <c>cvr status</c>).</summary>
    public static readonly TimeSpan RatioWindow = TimeSpan.FromHours(1);

    private static readonly string[] States = [RecorderStatus.Connecting, RecorderStatus.Connected, RecorderStatus.Reconnecting, RecorderStatus.Stopped];

    private readonly ConcurrentDictionary<string, Camera> _cameras = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Counter<double> _recorded;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _ffmpegRestarts;

    public RecordingMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        var meter = meters.Create(MeterName);
        _recorded = meter.CreateCounter<double>("cvr.recording.duration", "s", "Seconds of video recorded: the durations of the segments sealed");
        meter.CreateObservableCounter("cvr.recording.expected_duration", ObserveExpected, "s", "Seconds of video expected: the time each camera has been active (recording or trying to)");
        meter.CreateObservableGauge("cvr.recording.ratio", ObserveRatio, "1", "Seconds recorded over seconds expected in the last hour (ending a segment length and 30 s ago, so that sealing is not counted as missing)");
        meter.CreateObservableGauge("cvr.camera.state", ObserveState, "{state}", "1 for the state the camera's recorder is in (cvr.camera.state: Connecting, Connected, Reconnecting, Stopped), 0 for the others");
        _reconnects = meter.CreateCounter<long>("cvr.camera.reconnects", "{reconnect}", "Sessions that ended and will be reconnected, by why they ended (cvr.disconnect.reason)");
        _ffmpegRestarts = meter.CreateCounter<long>("cvr.ffmpeg.restarts", "{restart}", "ffmpeg processes started for a camera after its first");
        meter.CreateObservableGauge("cvr.clock.error", ObserveClockError, "s", "The last segment's stamped end minus the session clock's estimate");
        meter.CreateObservableGauge("cvr.clock.drift", ObserveClockDrift, "{ppm}", "The camera clock's measured drift against the host, parts per million (positive: fast)");
    }

    /// <summary>Starts reporting a camera, active from now.</summary>
    public void Track(StreamDescriptor stream, Func<RecorderStatus> status)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ledger = new RecordingLedger(_time.GetUtcNow(), TimeSpan.FromSeconds(stream.SegmentLengthSeconds), RatioWindow);
        _cameras[stream.StreamId] = new Camera(stream.StreamId, stream.AssetName, ledger, status);
    }

    /// <summary>Stops reporting a camera: it is no longer recorded.</summary>
    public void Forget(string streamId) => _cameras.TryRemove(streamId, out _);

    /// <summary>The camera's recording ratio over the last hour; null when not tracked or nothing is expected yet.</summary>
    public double? RatioOf(string streamId) =>
        _cameras.TryGetValue(streamId, out var camera) ? camera.Ratio(_time.GetUtcNow()) : null;

    /// <summary>A sealed segment of one of the ingest's cameras (each counted once, whatever the redeliveries).</summary>
    public void Recorded(SegmentDescriptor segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var added = !_cameras.TryGetValue(segment.StreamId, out var camera)
            || camera.Add(segment.SegmentId, segment.Start, segment.End, _time.GetUtcNow());
        if (added && segment.Duration > TimeSpan.Zero)
        {
            _recorded.Add(segment.Duration.TotalSeconds, CameraTags.For(segment.StreamId, segment.AssetName));
        }
    }

    public void Reconnecting(StreamDescriptor stream, DisconnectReason reason)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _reconnects.Add(1, CameraTags.For(stream.StreamId, stream.AssetName, "cvr.disconnect.reason", reason.ToString()));
    }

    public void FfmpegRestarted(StreamDescriptor stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _ffmpegRestarts.Add(1, CameraTags.For(stream.StreamId, stream.AssetName));
    }

    private IEnumerable<Measurement<double>> ObserveExpected()
    {
        var now = _time.GetUtcNow();
        return _cameras.Values.Select(c => new Measurement<double>(c.Ledger.ExpectedSeconds(now), CameraTags.For(c.Instance, c.Asset)));
    }

    private IEnumerable<Measurement<double>> ObserveRatio()
    {
        var now = _time.GetUtcNow();
        foreach (var camera in _cameras.Values)
        {
            if (camera.Ratio(now) is { } ratio)
            {
                yield return new Measurement<double>(ratio, CameraTags.For(camera.Instance, camera.Asset));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveState()
    {
        foreach (var camera in _cameras.Values)
        {
            var current = camera.Status().Connection;
            foreach (var state in States)
            {
                yield return new Measurement<int>(state == current ? 1 : 0, CameraTags.For(camera.Instance, camera.Asset, "cvr.camera.state", state));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveClockError() =>
        from camera in _cameras.Values
        let clock = camera.Status().Clock
        where clock?.ErrorMs is not null
        select new Measurement<double>(clock.ErrorMs!.Value / 1000, CameraTags.For(camera.Instance, camera.Asset));

    private IEnumerable<Measurement<double>> ObserveClockDrift() =>
        from camera in _cameras.Values
        let clock = camera.Status().Clock
        where clock?.DriftPpm is not null
        select new Measurement<double>(clock.DriftPpm!.Value, CameraTags.For(camera.Instance, camera.Asset));

    private sealed record Camera(string Instance, string Asset, RecordingLedger Ledger, Func<RecorderStatus> Status)
    {
        public bool Add(string segmentId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
        {
            lock (Ledger)
            {
                return Ledger.Add(segmentId, start, end, now);
            }
        }

        public double? Ratio(DateTimeOffset now)
        {
            lock (Ledger)
            {
                return Ledger.Ratio(now);
            }
        }
    }
}
