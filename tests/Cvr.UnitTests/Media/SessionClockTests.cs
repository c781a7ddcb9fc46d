using Cvr.Media.Mp4;

namespace Cvr.UnitTests.Media;

public class SessionClockTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<uint, uint> Scale = new() { [1] = 1000 };

    [Fact]
    public void EstimateAnchor_SteadyFragmentsAfterBurst_IgnoresTheBurst()
    {
        // Fragments of 2 s flushed as the next keyframe arrives; the first two came in a burst.
        var writtenAt = new[] { 1.0, 1.1, 6.0, 8.0, 10.0, 12.0 };
        var fragments = writtenAt.Select((w, i) => new Mp4Fragment(0, 0, 1, (ulong)(i * 2000), 2000, Origin.AddSeconds(w))).ToList();
        var index = new Mp4SegmentIndex(100, Scale, fragments, 0, 0);

        var anchor = SessionClock.EstimateAnchor(index, TimeSpan.Zero);

        Assert.Equal(Origin, anchor);
    }

    [Fact]
    public void EstimateAnchor_LaterSegment_SubtractsItsStreamStart()
    {
        var fragments = new List<Mp4Fragment> { new(0, 0, 1, 0, 2000, Origin.AddSeconds(32)) };
        var index = new Mp4SegmentIndex(100, Scale, fragments, 0, 0);

        Assert.Equal(Origin, SessionClock.EstimateAnchor(index, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void EstimateAnchor_NoWallClockBoxes_IsNull()
    {
        var index = new Mp4SegmentIndex(100, Scale, [new Mp4Fragment(0, 0, 1, 0, 2000, null)], 0, 0);

        Assert.Null(SessionClock.EstimateAnchor(index, TimeSpan.Zero));
    }
}
