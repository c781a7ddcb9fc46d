using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.UnitTests.Media;

public class SegmentTimingTests
{
    private static readonly SegmentTiming Timing = new(
        3,
        TimeSpan.FromMilliseconds(67_960),
        TimeSpan.FromMilliseconds(97_960),
        new DateTimeOffset(2026, 12, 1, 14, 18, 31, 501, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 1, 14, 19, 1, 501, TimeSpan.Zero).AddTicks(2),
        new SegmentClock(ClockSource.Host, 0.2, -1.7));

    [Fact]
    public void Format_ThenTryParse_GivesTheSameTiming()
    {
        Assert.Equal("3,67.96,97.96,2026-12-01T14:18:31.5010000Z,2026-12-01T14:19:01.5010002Z,Host,0.2,-1.7", Timing.Format());
        Assert.True(SegmentTiming.TryParse(Timing.Format(), out var parsed));
        Assert.Equal(Timing, parsed);
    }

    [Fact]
    public void TryParse_UnknownErrorAndDrift_AreNull()
    {
        Assert.True(SegmentTiming.TryParse("0,0.0,7.96,2026-12-01T14:17:23.5410000Z,2026-12-01T14:17:31.5010000Z,Host,,", out var parsed));

        Assert.Equal(new SegmentClock(ClockSource.Host, null, null), parsed!.Clock);
    }

    [Theory]
    [InlineData("")]
    [InlineData("seg-000000.mp4,0.000000,7.960000")]
    [InlineData("0,0.0,7.96,2026-12-01T14:17:23.5410000Z,2026-12-01T14:17:31.5010000Z,Sundial,,")]
    [InlineData("0,0.0,7.96,2026-12-01 14:17:23,2026-12-01T14:17:31.5010000Z,Host,,")]
    [InlineData("0,0.0,7.96,2026-12-01T14:17:23.5410000Z,2026-12-01T14:17:31.5010000Z,Host,NaN,")]
    [InlineData("-1,0.0,7.96,2026-12-01T14:17:23.5410000Z,2026-12-01T14:17:31.5010000Z,Host,,")]
    public void TryParse_NotATimingLine_IsRefused(string line)
    {
        Assert.False(SegmentTiming.TryParse(line, out _));
    }

    [Fact]
    public async Task ReadAllAsync_LastLineNotYetTerminated_IsIgnored()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("timing.csv");
        await Timing.AppendToAsync(path, CancellationToken.None);
        await File.AppendAllTextAsync(path, Timing.Format()[..20]);

        Assert.Equal([Timing], await SegmentTiming.ReadAllAsync(path, CancellationToken.None));
    }
}
