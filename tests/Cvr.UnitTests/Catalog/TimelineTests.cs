using Cvr.Contracts.Events;
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

    [Fact]
    public void Ranges_CodecChangesBackToBackInOneSession_SplitsAndEachRangeNamesItsCodecs()
    {
        var segments = new[] { Segment("s1", 0, 0, 30, H264), Segment("s1", 1, 30, 60, H264), Segment("s1", 2, 60, 90, H265) };

        var ranges = Timeline.Ranges(segments);

        Assert.Equal([(T0, T0.AddSeconds(60)), (T0.AddSeconds(60), T0.AddSeconds(90))], ranges.Select(r => (r.Start, r.End)));
        Assert.Equal([H264.Codecs, H265.Codecs], ranges.Select(r => r.Media!.Codecs));
    }

    [Fact]
    public void Ranges_NewSessionOverlappingWithAnotherResolution_Splits()
    {
        // Overlapping sessions merge (Ranges_NewSessionOverlappingThePrevious_Merges), unless their pictures differ.
        var segments = new[] { Segment("s1", 0, 0, 30, H264), Segment("s2", 0, 29.9, 60, H264 with { Width = 640, Height = 360 }) };

        Assert.Equal(2, Timeline.Ranges(segments).Count);
    }

    [Fact]
    public void Ranges_SegmentsWithoutMediaBetweenDescribedOnes_MergeAsBefore()
    {
        // Recorded before Cvr described segments: unknown, so nothing to tell them apart by.
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s1", 1, 30, 60, H264), Segment("s1", 2, 60, 90), Segment("s1", 3, 90, 120, H264) };

        var range = Assert.Single(Timeline.Ranges(segments));

        Assert.Equal(H264.Codecs, range.Media!.Codecs);
    }

    [Fact]
    public void Ranges_ChangeAcrossASegmentWithoutMedia_StillSplits()
    {
        var segments = new[] { Segment("s1", 0, 0, 30, H264), Segment("s1", 1, 30, 60), Segment("s1", 2, 60, 90, H265) };

        Assert.Equal(2, Timeline.Ranges(segments).Count);
    }

    [Fact]
    public void Ranges_FrameRateAndBitrateVary_MergeAndSummarizeTheHighest()
    {
        var segments = new[] { Segment("s1", 0, 0, 30, H264), Segment("s1", 1, 30, 60, H264 with { FrameRate = 24.5, BitrateBps = 3_000_000 }) };

        var range = Assert.Single(Timeline.Ranges(segments));

        Assert.Equal(new MediaSummary(H264.Codecs, 1280, 720, 25, 3_000_000), range.Media);
    }

    [Fact]
    public void Runs_CodecChangesBackToBackInOneSession_StartsNewRun()
    {
        var segments = new[] { Segment("s1", 0, 0, 30, H264), Segment("s1", 1, 30, 60, H265), Segment("s1", 2, 60, 90, H265) };

        Assert.Equal([1, 2], Timeline.Runs(segments).Select(r => r.Count));
    }

    [Fact]
    public void Runs_ResolutionChangesBackToBack_StartsNewRun()
    {
        var segments = new[] { Segment("s1", 0, 0, 30, H264), Segment("s1", 1, 30, 60, H264 with { Width = 640, Height = 360 }) };

        Assert.Equal([1, 1], Timeline.Runs(segments).Select(r => r.Count));
    }

    [Fact]
    public void Runs_MediaUnknownOnOneSide_KeepsTheRun()
    {
        var segments = new[] { Segment("s1", 0, 0, 30), Segment("s1", 1, 30, 60, H265), Segment("s1", 2, 60, 90) };

        Assert.Equal([3], Timeline.Runs(segments).Select(r => r.Count));
    }

    internal static readonly SegmentMedia H264 = new("avc1.4d401f,mp4a.40.2", 1280, 720, 25, 2_000_000);

    internal static readonly SegmentMedia H265 = new("hvc1.1.6.L93.B0,mp4a.40.2", 1280, 720, 25, 1_500_000);

    internal static SegmentDescriptor Segment(string session, long sequence, double from, double to, SegmentMedia media) =>
        Segment(session, sequence, from, to) with { Media = media };

    internal static SegmentDescriptor Segment(string session, long sequence, double from, double to) => new(
        "stream", "asset", session, sequence, T0.AddSeconds(from), T0.AddSeconds(to), 1000, "hash", $"{session}-{sequence}.mp4");
}
