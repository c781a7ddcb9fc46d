using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;

namespace Cvr.UnitTests.Catalog;

public class GapTests
{
    [Fact]
    public void Gaps_EvictedSegmentsBetweenRecordedOnes_AreOneEvictedGap()
    {
        var segments = new[]
        {
            Kept(TimelineTests.Segment("s1", 0, 0, 30)),
            Lost(TimelineTests.Segment("s1", 1, 30, 60)),
            Lost(TimelineTests.Segment("s1", 2, 60, 90)),
            Kept(TimelineTests.Segment("s1", 3, 90, 120)),
        };

        var gap = Assert.Single(Timeline.Gaps(segments, new Dictionary<string, string>()));

        Assert.Equal(TimeGap.Evicted, gap.Reason);
        Assert.Equal(segments[1].Segment.Start, gap.Start);
        Assert.Equal(segments[2].Segment.End, gap.End);
    }

    [Fact]
    public void Gaps_SegmentsDroppedForTheDisk_SayDiskFullBesideTheCacheCapsEvicted()
    {
        var segments = new[]
        {
            Kept(TimelineTests.Segment("s1", 0, 0, 30)),
            Lost(TimelineTests.Segment("s1", 1, 30, 60), "CacheFull"),
            Lost(TimelineTests.Segment("s1", 2, 60, 90), "DiskFull"),
            Kept(TimelineTests.Segment("s1", 3, 90, 120)),
        };

        var gaps = Timeline.Gaps(segments, new Dictionary<string, string>());

        Assert.Equal([(TimeGap.Evicted, 30.0), ("DiskFull", 60.0)], gaps.Select(g => (g.Reason, (g.Start - segments[0].Segment.Start).TotalSeconds)));
    }

    [Fact]
    public void Gaps_BetweenSessions_TakeTheEndReasonOfTheSessionBefore()
    {
        var segments = new[] { Kept(TimelineTests.Segment("s1", 0, 0, 30)), Kept(TimelineTests.Segment("s2", 0, 45, 60)) };

        var gap = Assert.Single(Timeline.Gaps(segments, new Dictionary<string, string> { ["s1"] = "CameraUnreachable" }));

        Assert.Equal("CameraUnreachable", gap.Reason);
        Assert.Equal(segments[0].Segment.End, gap.Start);
        Assert.Equal(segments[1].Segment.Start, gap.End);
    }

    [Fact]
    public void Gaps_ShortReconnect_IsAGapWithTheReasonTheSessionEnded()
    {
        var segments = new[] { Kept(TimelineTests.Segment("s1", 0, 0, 30)), Kept(TimelineTests.Segment("s2", 0, 30.4, 60)) };

        var gap = Assert.Single(Timeline.Gaps(segments, new Dictionary<string, string> { ["s1"] = "CameraClockDrift" }));

        Assert.Equal(("CameraClockDrift", 0.4), (gap.Reason, Math.Round((gap.End - gap.Start).TotalSeconds, 3)));
    }

    [Fact]
    public void Gaps_EvictedThenDisconnected_AreTwoGapsWithTheirOwnReasons()
    {
        var segments = new[]
        {
            Kept(TimelineTests.Segment("s1", 0, 0, 30)),
            Lost(TimelineTests.Segment("s1", 1, 30, 60)),
            Kept(TimelineTests.Segment("s2", 0, 80, 90)),
        };

        var gaps = Timeline.Gaps(segments, new Dictionary<string, string> { ["s1"] = "IngestRestarted" });

        Assert.Equal([TimeGap.Evicted, "IngestRestarted"], gaps.Select(g => g.Reason));
    }

    [Fact]
    public void Gaps_ContiguousRecording_HasNone()
    {
        var segments = new[] { Kept(TimelineTests.Segment("s1", 0, 0, 30)), Kept(TimelineTests.Segment("s1", 1, 30, 60)) };

        Assert.Empty(Timeline.Gaps(segments, new Dictionary<string, string>()));
    }

    private static CatalogSegment Kept(SegmentDescriptor segment) => new(segment, Uploaded: true);

    private static CatalogSegment Lost(SegmentDescriptor segment, string? reason = null) => new(segment, Uploaded: false, Evicted: true, EvictedReason: reason);
}
