using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Media.Time;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Recording;

/// <summary>
/// The timekeeper fed as ffmpeg feeds it: packets arriving on a clock, and segments.csv lines written
/// just before the keyframe that starts the next segment is printed.
/// </summary>
public class SessionTimekeeperTests : IClassFixture<FfmpegSegments>, IDisposable
{
    private const string Session = "20261201T120000000Z";
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Origin);
    private readonly FfmpegSegments _made;
    private readonly CacheLayout _layout;

    public SessionTimekeeperTests(FfmpegSegments made)
    {
        _made = made;
        _layout = new CacheLayout(_folder.File("cache"));
        Directory.CreateDirectory(_layout.SessionFolder(Session));
    }

    [Fact]
    public async Task Segments_OfACameraSentOnTime_AreTimedFromTheLeastDelayedFramesAndAbut()
    {
        var timekeeper = Timekeeper(new ClockBounds());
        var random = new Random(7);

        await FeedAsync(timekeeper, TimeSpan.FromSeconds(95), _ => 1 + random.Next(20));

        var timings = await SegmentTiming.ReadAllAsync(_layout.SessionTiming(Session), CancellationToken.None);
        Assert.Equal(3, timings.Count);
        Assert.InRange((timings[0].Start - Origin).TotalMilliseconds, 1, 3);
        Assert.All(timings.Skip(1), t => Assert.Equal(timings[(int)t.Sequence - 1].End, t.Start));
        Assert.All(timings, t => Assert.InRange((t.End - (Origin + t.MediaEnd)).TotalMilliseconds, 0, 3));
        Assert.All(timings, t => Assert.Equal(ClockSource.Host, t.Clock.Source));
        Assert.False(timekeeper.Distrusted.IsCompleted);
        Assert.True(timekeeper.Status.WithinBounds);
    }

    [Fact]
    public async Task FirstSegment_ListedBeforeTenSecondsOfArrivals_WaitsForThem()
    {
        var timekeeper = Timekeeper(new ClockBounds());

        await FeedAsync(timekeeper, TimeSpan.FromSeconds(8), _ => 5, segmentLength: TimeSpan.FromSeconds(4));
        var early = await SegmentTiming.ReadAllAsync(_layout.SessionTiming(Session), CancellationToken.None);
        await timekeeper.StampListedAsync(final: true, CancellationToken.None);
        var final = await SegmentTiming.ReadAllAsync(_layout.SessionTiming(Session), CancellationToken.None);

        Assert.Empty(early);
        Assert.Single(final);
    }

    [Fact]
    public async Task Timestamps_ThatJumpAheadASecond_DistrustTheSession()
    {
        var timekeeper = Timekeeper(new ClockBounds());

        await FeedAsync(timekeeper, TimeSpan.FromSeconds(70), _ => 2, step: (TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(1)));

        var distrust = await timekeeper.Distrusted.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(DisconnectReason.CameraClockStep, distrust.Reason);
        Assert.Contains("ahead by 1000 ms", distrust.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Camera_DriftingBeyondTheSlew_IsWarnedAndDistrustedOnceItsTimesAreTooFarOff()
    {
        var timekeeper = Timekeeper(new ClockBounds { MaxError = TimeSpan.FromMilliseconds(20) });

        await FeedAsync(timekeeper, TimeSpan.FromSeconds(65), _ => 2, ppm: 3000);

        var distrust = await timekeeper.Distrusted.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(DisconnectReason.CameraClockDrift, distrust.Reason);
        Assert.False(timekeeper.Status.WithinBounds);
        Assert.Contains("ppm", timekeeper.Status.Warning, StringComparison.Ordinal);
        Assert.InRange(timekeeper.Status.DriftPpm!.Value, 2900, 3100);
    }

    [Fact]
    public async Task CameraTime_FarFromTheHostsClock_IsRefusedAndTheHostsIsUsed()
    {
        // The segment's prft boxes hold the time ffmpeg made it (today), hours from this host's fake clock.
        var timekeeper = Timekeeper(new ClockBounds(), new RecordingClock(ClockSource.Camera, TimeSpan.FromSeconds(5)));
        File.Copy(_made.First, _layout.SessionSegment(Session, 0));

        await FeedAsync(timekeeper, TimeSpan.FromSeconds(12), _ => 2, segmentLength: TimeSpan.FromSeconds(10), producerTime: true);

        var timing = Assert.Single(await SegmentTiming.ReadAllAsync(_layout.SessionTiming(Session), CancellationToken.None));
        Assert.Equal(ClockSource.Host, timing.Clock.Source);
        Assert.InRange((timing.Start - Origin).TotalMilliseconds, 0, 3);
    }

    [Fact]
    public async Task CameraTime_WithinTheTolerance_IsUsed()
    {
        // The same segment, the host's clock set to when ffmpeg made it: camera time is plausible.
        var index = await FragmentedMp4Reader.ReadIndexAsync(_made.First, CancellationToken.None);
        var cameraZero = index.Fragments[1].Producer!.WallClock - TimeSpan.FromSeconds(1);
        var timekeeper = Timekeeper(new ClockBounds(), new RecordingClock(ClockSource.Camera, TimeSpan.FromSeconds(5)), origin: cameraZero);
        File.Copy(_made.First, _layout.SessionSegment(Session, 0));

        await FeedAsync(timekeeper, TimeSpan.FromSeconds(12), _ => 2, segmentLength: TimeSpan.FromSeconds(10), producerTime: true, origin: cameraZero);

        var timing = Assert.Single(await SegmentTiming.ReadAllAsync(_layout.SessionTiming(Session), CancellationToken.None));
        Assert.Equal(ClockSource.Camera, timing.Clock.Source);
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private SessionTimekeeper Timekeeper(ClockBounds bounds, RecordingClock? clock = null, DateTimeOffset? origin = null)
    {
        _time.SetUtcNow(origin ?? Origin);
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, _layout.Root, 1L << 30);
        var plan = new RecordingPlan(stream, new Uri("rtsp://127.0.0.1/cam"), null, true, clock ?? RecordingClock.Host);
        return new SessionTimekeeper(plan, _layout, Session, bounds, _time, NullLogger.Instance);
    }

    /// <summary>
    /// A 25 fps camera, keyframe every 2 s, sending frame n at Origin + n × 40 ms on the host's clock; its
    /// packet line is read one frame later (ffmpeg's parser) plus delayMs(n). Segments are cut at the
    /// first keyframe at or after each multiple of <paramref name="segmentLength"/> of media time.
    /// </summary>
    private async Task FeedAsync(
        SessionTimekeeper timekeeper,
        TimeSpan length,
        Func<long, double> delayMs,
        TimeSpan? segmentLength = null,
        double ppm = 0,
        (TimeSpan At, TimeSpan By)? step = null,
        bool producerTime = false,
        DateTimeOffset? origin = null)
    {
        var zero = origin ?? Origin;
        var cut = segmentLength ?? TimeSpan.FromSeconds(30);
        var segmentStart = 0L;
        var sequence = 0;
        for (long n = 0; n * 40 < length.TotalMilliseconds; n++)
        {
            var real = TimeSpan.FromMilliseconds(n * 40);
            var media = real * (1 + (ppm / 1_000_000)) + (step is { } s && real >= s.At ? s.By : TimeSpan.Zero);
            var dts = (long)Math.Round(media.TotalSeconds * 90000);
            var keyframe = n % 50 == 0;
            if (keyframe && n > 0 && TimeSpan.FromSeconds(dts / 90000.0) >= cut * (sequence + 1))
            {
                await File.AppendAllTextAsync(_layout.SessionSegmentList(Session), string.Create(CultureInfo.InvariantCulture, $"seg-{sequence:D6}.mp4,{segmentStart / 90000.0:F6},{dts / 90000.0:F6}\n"));
                (segmentStart, sequence) = (dts, sequence + 1);
            }

            // As SessionOutput does: every packet observed on arrival, the segment list looked at on keyframes.
            _time.SetUtcNow(zero + real + TimeSpan.FromMilliseconds(40 + delayMs(n)));
            timekeeper.Observe(TimeSpan.FromTicks(dts * 1000 / 9), TimeSpan.FromMilliseconds(40) * (1 + (ppm / 1_000_000)), producerTime, _time.GetUtcNow());
            if (keyframe)
            {
                await timekeeper.StampListedAsync(final: false, CancellationToken.None);
            }
        }
    }
}
