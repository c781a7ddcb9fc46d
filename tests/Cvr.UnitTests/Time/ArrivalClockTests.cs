using Cvr.Media.Time;

namespace Cvr.UnitTests.Time;

public class ArrivalClockTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("quiet.csv.gz", 3.0)]
    [InlineData("loaded.csv.gz", 3.0)]
    [InlineData("fast-3000ppm.csv.gz", 5.0)]
    public void Estimate_RecordedCamera_IsWithinMillisecondsOfWhenEachFrameWasSent(string name, double boundMs)
    {
        var series = ArrivalSeries.Load(name);
        var clock = new ArrivalClock(new ClockBounds());
        var errors = new List<double>();

        // Online, as the ingest uses it: each estimate knows only what arrived before it.
        for (var i = 0; i < series.Packets.Count; i++)
        {
            var (media, arrival, truth) = series.Packets[i];
            Assert.Equal(ArrivalVerdict.Consistent, clock.Observe(media, ArrivalSeries.CameraStart + arrival));
            if (i > 0 && i % 25 == 0 && media >= TimeSpan.FromSeconds(10))
            {
                errors.Add((clock.Estimate(media)!.Value - (ArrivalSeries.CameraStart + truth)).TotalMilliseconds);
            }
        }

        Assert.True(errors.Count > 150);
        Assert.All(errors, e => Assert.InRange(e, -boundMs, boundMs));
    }

    [Fact]
    public void Estimate_RecordedStartupBurst_IsLearntFromTheLiveFramesAfterIt()
    {
        // The first second of frames is handed over together 1.1 s late; ten seconds later (when a first
        // segment is timed) the estimate of media time zero must not be pulled late by them.
        var series = ArrivalSeries.Load("quiet.csv.gz");
        var clock = new ArrivalClock(new ClockBounds());
        foreach (var (media, arrival, _) in series.Packets.TakeWhile(p => p.Media <= TimeSpan.FromSeconds(10)))
        {
            clock.Observe(media, ArrivalSeries.CameraStart + arrival);
        }

        var (firstMedia, _, firstTruth) = series.Packets[1];
        var error = clock.Estimate(firstMedia)!.Value - (ArrivalSeries.CameraStart + firstTruth);

        Assert.InRange(error.TotalMilliseconds, -3, 3);
        Assert.True(series.Packets[1].Arrival - series.Packets[1].Truth > TimeSpan.FromSeconds(1), "the recording starts with a late burst");
    }

    [Theory]
    [InlineData("fast-3000ppm.csv.gz", 3000)]
    [InlineData("quiet.csv.gz", 0)]
    public void DriftPpm_RecordedCamera_IsItsClockRate(string name, double expectedPpm)
    {
        var clock = Replay(ArrivalSeries.Load(name), new ClockBounds());

        Assert.InRange(clock.DriftPpm!.Value, expectedPpm - 20, expectedPpm + 20);
    }

    [Fact]
    public void DriftPpm_BeforeTheWarmup_IsUnknown()
    {
        var clock = new ArrivalClock(new ClockBounds());

        clock.Observe(TimeSpan.FromSeconds(1), Origin.AddSeconds(1));
        clock.Observe(TimeSpan.FromSeconds(5), Origin.AddSeconds(5));

        Assert.Null(clock.DriftPpm);
        Assert.Null(new ArrivalClock(new ClockBounds()).Estimate(TimeSpan.Zero));
    }

    [Fact]
    public void Observe_RecordedTimestampsJumpAheadASecond_SaysJumpedForward()
    {
        var series = ArrivalSeries.Load("quiet.csv.gz");
        var clock = new ArrivalClock(new ClockBounds());
        var step = TimeSpan.FromSeconds(90);

        var (media, verdict) = FirstStep(series, clock, m => m >= step ? m + TimeSpan.FromSeconds(1) : m);

        Assert.Equal(ArrivalVerdict.JumpedForward, verdict);
        Assert.Equal(step, media);
        Assert.InRange(clock.LastStep.TotalMilliseconds, 990, 1010);
    }

    [Fact]
    public void Observe_RecordedTimestampsJumpBackASecond_SaysJumpedBack()
    {
        var series = ArrivalSeries.Load("quiet.csv.gz");
        var clock = new ArrivalClock(new ClockBounds());
        var step = TimeSpan.FromSeconds(90);

        var (media, verdict) = FirstStep(series, clock, m => m >= step ? m - TimeSpan.FromSeconds(1) : m);

        Assert.Equal(ArrivalVerdict.JumpedBack, verdict);
        Assert.Equal(step, media);
        Assert.InRange(clock.LastStep.TotalMilliseconds, -1010, -990);
    }

    [Fact]
    public void Observe_NetworkStallShorterThanThePersistence_StaysConsistent()
    {
        // Ten seconds of frames held up half a second (a congested link) and then normal again.
        var clock = new ArrivalClock(new ClockBounds());
        var verdicts = Frames(TimeSpan.FromMinutes(3), 25, (media, _) => media > TimeSpan.FromSeconds(60) && media < TimeSpan.FromSeconds(70) ? 500 : 2)
            .Select(f => clock.Observe(f.Media, f.Arrival)).ToList();

        Assert.All(verdicts, v => Assert.Equal(ArrivalVerdict.Consistent, v));
        Assert.InRange((clock.Estimate(TimeSpan.FromMinutes(3))!.Value - Origin.AddMinutes(3)).TotalMilliseconds, 0, 2.1);
    }

    [Fact]
    public void Observe_LateForLongerThanThePersistence_SaysJumpedBack()
    {
        var clock = new ArrivalClock(new ClockBounds());
        var verdicts = Frames(TimeSpan.FromMinutes(3), 25, (media, _) => media > TimeSpan.FromSeconds(60) ? 500 : 2)
            .Select(f => (f.Media, Verdict: clock.Observe(f.Media, f.Arrival))).ToList();

        var first = verdicts.First(v => v.Verdict != ArrivalVerdict.Consistent);
        Assert.Equal(ArrivalVerdict.JumpedBack, first.Verdict);
        Assert.InRange(first.Media.TotalSeconds, 90, 91);
    }

    [Fact]
    public void Estimate_ThreeDaysOfA300PpmCameraWithJitter_StaysWithinAMillisecond()
    {
        // 10 fps, each frame 1 to 41 ms late and one in fifty a second late; the camera 300 ppm fast.
        var clock = new ArrivalClock(new ClockBounds());
        var random = new Random(20261201);
        var worst = TimeSpan.Zero;
        foreach (var (media, arrival) in Frames(TimeSpan.FromDays(3), 10, (_, _) => random.Next(50) == 0 ? 1000 : 1 + (random.NextDouble() * 40), ppm: 300))
        {
            Assert.Equal(ArrivalVerdict.Consistent, clock.Observe(media, arrival));
            if (media.Ticks % TimeSpan.TicksPerHour == 0 && media > TimeSpan.FromHours(1))
            {
                var truth = Origin + (media / 1.0003);
                var error = (clock.Estimate(media)!.Value - truth).Duration();
                worst = error > worst ? error : worst;
            }
        }

        Assert.InRange(worst.TotalMilliseconds, 0, 2);
        Assert.InRange(clock.DriftPpm!.Value, 295, 305);
    }

    [Fact]
    public void Estimate_DriftThatChangesAfterADay_IsFollowedWithinTheRateWindow()
    {
        // A camera whose crystal warms up: +300 ppm for a day, then -300 ppm.
        var clock = new ArrivalClock(new ClockBounds());
        var day = TimeSpan.FromDays(1);
        DateTimeOffset RealTime(TimeSpan media) => media <= day * 1.0003
            ? Origin + (media / 1.0003)
            : Origin + day + ((media - (day * 1.0003)) / 0.9997);
        for (var media = TimeSpan.Zero; media < day * 1.1; media += TimeSpan.FromMilliseconds(200))
        {
            clock.Observe(media, RealTime(media).AddMilliseconds(3));
        }

        var end = day * 1.1;
        Assert.InRange((clock.Estimate(end)!.Value - RealTime(end)).TotalMilliseconds, 0, 5);
        Assert.InRange(clock.DriftPpm!.Value, -305, -295);
    }

    /// <summary>Replays a series with its media times changed, up to the first arrival that is not consistent.</summary>
    private static (TimeSpan Media, ArrivalVerdict Verdict) FirstStep(ArrivalSeries series, ArrivalClock clock, Func<TimeSpan, TimeSpan> media)
    {
        foreach (var (original, arrival, _) in series.Packets)
        {
            if (clock.Observe(media(original), ArrivalSeries.CameraStart + arrival) is not ArrivalVerdict.Consistent and var verdict)
            {
                return (original, verdict);
            }
        }

        return (TimeSpan.Zero, ArrivalVerdict.Consistent);
    }

    private static ArrivalClock Replay(ArrivalSeries series, ClockBounds bounds)
    {
        var clock = new ArrivalClock(bounds);
        foreach (var (media, arrival, _) in series.Packets)
        {
            clock.Observe(media, ArrivalSeries.CameraStart + arrival);
        }

        return clock;
    }

    /// <summary>Frames of a camera sending at <paramref name="fps"/> from <see cref="Origin"/>, each late by delayMs(media, index).</summary>
    private static IEnumerable<(TimeSpan Media, DateTimeOffset Arrival)> Frames(TimeSpan length, int fps, Func<TimeSpan, long, double> delayMs, double ppm = 0)
    {
        var interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / fps);
        for (long i = 0; interval * i < length; i++)
        {
            var sent = interval * i;
            var media = TimeSpan.FromTicks((long)Math.Round(sent.Ticks * (1 + (ppm / 1_000_000))));
            yield return (media, Origin + sent + TimeSpan.FromMilliseconds(delayMs(media, i)));
        }
    }
}
