using Cvr.Media.Cache;

namespace Cvr.UnitTests.Media;

public class SegmentFileNameTests
{
    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        var start = new DateTimeOffset(2026, 11, 23, 21, 40, 0, 120, TimeSpan.Zero);
        var session = SegmentFileName.NewSessionId(start.AddSeconds(-3));

        var name = SegmentFileName.Format(start, session, 42);

        Assert.Equal($"20261123T214000.120Z_{session}_000042.mp4", name);
        Assert.True(SegmentFileName.TryParse(name, out var parsedStart, out var parsedSession, out var sequence));
        Assert.Equal(start, parsedStart);
        Assert.Equal(session, parsedSession);
        Assert.Equal(42, sequence);
    }

    [Fact]
    public void Format_NamesOfLaterSegments_SortLater()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 23, 59, 30, TimeSpan.Zero);
        var names = Enumerable.Range(0, 5).Select(i => SegmentFileName.Format(t0.AddSeconds(30 * i), "20260101T235900000Z", i)).ToList();

        Assert.Equal(names, names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("seg-000001.mp4")]
    [InlineData("20261123T214000.120Z_bad_000001.mp4")]
    [InlineData("../20261123T214000.120Z_20261123T213958456Z_000001.mp4")]
    public void TryParse_ForeignName_Fails(string name)
    {
        Assert.False(SegmentFileName.TryParse(name, out _, out _, out _));
    }
}
