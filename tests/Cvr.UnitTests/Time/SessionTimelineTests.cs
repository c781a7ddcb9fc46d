using Cvr.Media.Time;

namespace Cvr.UnitTests.Time;

public class SessionTimelineTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    [Fact]
    public void Stamp_FirstSegment_StartsWhereTheEstimateSays()
    {
        var timeline = new SessionTimeline(0.0005);

        var stamped = timeline.Stamp(TimeSpan.Zero, Length, Origin.AddMilliseconds(41.4), Origin.AddMilliseconds(30_041.4));

        Assert.Equal(Origin.AddMilliseconds(41), stamped.Start);
        Assert.Equal(Origin.AddMilliseconds(30_041), stamped.End);
    }

    [Fact]
    public void Stamp_NextSegment_StartsExactlyWhereThePreviousEnded()
    {
        var timeline = new SessionTimeline(0.0005);
        var first = timeline.Stamp(TimeSpan.Zero, Length, Origin, Origin + Length);

        // The estimate moved 7 ms: the next segment still abuts, and the end is corrected toward it.
        var second = timeline.Stamp(Length, Length * 2, Origin + Length + TimeSpan.FromMilliseconds(7), Origin + (Length * 2) + TimeSpan.FromMilliseconds(7));

        Assert.Equal(first.End, second.Start);
        Assert.Equal(Origin + (Length * 2) + TimeSpan.FromMilliseconds(7), second.End);
        Assert.Equal(TimeSpan.Zero, second.Error);
    }

    [Fact]
    public void Stamp_EstimateFarAhead_IsCorrectedByAtMostTheSlew()
    {
        var timeline = new SessionTimeline(0.0005);
        timeline.Stamp(TimeSpan.Zero, Length, Origin, Origin + Length);

        var second = timeline.Stamp(Length, Length * 2, Origin + Length, Origin + (Length * 2) + TimeSpan.FromMilliseconds(100));

        Assert.Equal(Length + TimeSpan.FromMilliseconds(15), second.End - second.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(-85), second.Error);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    [InlineData(499)]
    public void Stamp_DaysOfACameraWithinTheSlew_ErrorStaysUnderAMillisecondAndSegmentsAbut(double ppm)
    {
        var (errors, durations, abut) = Simulate(ppm, TimeSpan.FromDays(3), maxSlew: 0.0005);

        Assert.True(abut);
        Assert.All(errors.Skip(1), e => Assert.InRange(e.TotalMilliseconds, -1, 1));
        Assert.All(durations, d => Assert.InRange(Math.Abs(d / Length.TotalSeconds - 1), 0, 0.0005 + 0.00002));
    }

    [Fact]
    public void Stamp_CameraBeyondTheSlew_ErrorGrowsWithoutBound()
    {
        var (errors, _, abut) = Simulate(1000, TimeSpan.FromHours(1), maxSlew: 0.0005);

        Assert.True(abut);
        Assert.InRange(errors[^1].TotalMilliseconds, 1700, 1900);
    }

    /// <summary>
    /// PT30S segments of a camera whose media clock runs <paramref name="ppm"/> off real time, each cut
    /// as the real 30 s elapse, with a perfect estimate of real time.
    /// </summary>
    private static (List<TimeSpan> Errors, List<double> DurationsSeconds, bool Abut) Simulate(double ppm, TimeSpan span, double maxSlew)
    {
        var timeline = new SessionTimeline(maxSlew);
        var rate = 1 + (ppm / 1_000_000);
        var errors = new List<TimeSpan>();
        var durations = new List<double>();
        var abut = true;
        DateTimeOffset? previousEnd = null;
        for (var real = TimeSpan.Zero; real < span; real += Length)
        {
            var (mediaStart, mediaEnd) = (real * rate, (real + Length) * rate);
            var stamped = timeline.Stamp(mediaStart, mediaEnd, Origin + real, Origin + real + Length);
            abut &= previousEnd is null || previousEnd == stamped.Start;
            previousEnd = stamped.End;
            errors.Add(stamped.Error);
            durations.Add((stamped.End - stamped.Start).TotalSeconds);
        }

        return (errors, durations, abut);
    }
}
