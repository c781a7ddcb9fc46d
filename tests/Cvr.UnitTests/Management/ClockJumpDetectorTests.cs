using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Management;

public class ClockJumpDetectorTests
{
    [Fact]
    public void HasJumped_ClocksAdvanceTogether_IsFalse()
    {
        var time = new SettableClock();
        var detector = new ClockJumpDetector(time);

        time.Elapse(TimeSpan.FromMinutes(10));

        Assert.False(detector.HasJumped);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public void HasJumped_WallClockSet_IsTrue(int seconds)
    {
        var time = new SettableClock();
        var detector = new ClockJumpDetector(time);

        time.Elapse(TimeSpan.FromSeconds(5));
        time.SetWallClock(time.GetUtcNow().AddSeconds(seconds));

        Assert.True(detector.HasJumped);
    }

    /// <summary>A clock whose wall time can be set apart from its monotonic time, as an administrator or NTP step can.</summary>
    private sealed class SettableClock : TimeProvider
    {
        private DateTimeOffset _wall = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => _wall;

        public override long GetTimestamp() => _ticks;

        public void Elapse(TimeSpan span)
        {
            _wall += span;
            _ticks += span.Ticks;
        }

        public void SetWallClock(DateTimeOffset wall) => _wall = wall;
    }
}
