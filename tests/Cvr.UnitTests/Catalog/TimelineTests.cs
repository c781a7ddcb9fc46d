using Cvr.Catalog.ReadModel;

namespace Cvr.UnitTests.Catalog;

public class TimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ranges_SegmentsAbuttingWithinOneSecond_MergeIntoOne()
    {
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s1", 1, 30.5, 60) };

        var range = Assert.Single(Timeline.Ranges(segments));

        Assert.Equal(T0, range.Start);
        Assert.Equal(T0.AddSeconds(60), range.End);
    }

    [Fact]
    public void Ranges_GapOverOneSecond_Splits()
    {
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s2", 0, 45, 60) };

        var ranges = Timeline.Ranges(segments);

        Assert.Equal(2, ranges.Count);
        Assert.Equal(T0.AddSeconds(30), ranges[0].End);
        Assert.Equal(T0.AddSeconds(45), ranges[1].Start);
    }

    [Fact]
    public void Ranges_NewSessionAFractionOfASecondLater_Splits()
    {
        // A reconnect loses frames, however quickly it happens.
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s2", 0, 30.3, 60) };

        Assert.Equal(2, Timeline.Ranges(segments).Count);
    }

    [Fact]
    public void Ranges_NewSessionOverlappingThePrevious_Merges()
    {
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s2", 0, 29.9, 60) };

        Assert.Single(Timeline.Ranges(segments));
    }

    [Fact]
    public void Runs_NewSessionEvenWhenAbutting_StartsNewRun()
    {
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s1", 1, 30, 60), Segment("s2", 0, 60, 90) };

        var runs = Timeline.Runs(segments);

        Assert.Equal([2, 1], runs.Select(r => r.Count));
    }

    [Fact]
    public void Runs_MissingSequenceInSession_StartsNewRun()
    {
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s1", 2, 60, 90) };

        Assert.Equal(2, Timeline.Runs(segments).Count);
    }

    internal static CatalogSegment Segment(string session, long sequence, double from, double to) => new(
        "asset", $"{session}-{sequence}.mp4", "stream", session, sequence, T0.AddSeconds(from), T0.AddSeconds(to), 1000, "hash", false);
}
