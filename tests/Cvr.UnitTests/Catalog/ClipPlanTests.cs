using Cvr.Catalog.Clips;
using Cvr.Contracts.Events;

namespace Cvr.UnitTests.Catalog;

/// <summary>How a clip's range is laid onto the feed ffmpeg cuts it from, and which ranges are refused.</summary>
public sealed class ClipPlanTests
{
    private static readonly DateTimeOffset T0 = TimelineTests.Segment("s", 0, 0, 1).Start;

    [Fact]
    public void Of_RangeInsideOneRun_FeedsFromTheFirstSegmentAndSeeksToTheStart()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s1", 1, 30, 60), TimelineTests.Segment("s1", 2, 60, 90) };

        var (plan, refusal) = ClipPlan.Of(segments, Request(12.5, 70));

        Assert.Null(refusal);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)], plan!.Parts.Select(p => p.FeedOffset));
        Assert.Equal(TimeSpan.FromSeconds(12.5), plan.Seek);
        Assert.Equal(TimeSpan.FromSeconds(57.5), plan.Duration);
        Assert.Equal(T0.AddSeconds(12.5), plan.Start);
        Assert.Empty(plan.Gaps);
    }

    [Fact]
    public void Of_RangeOverAGap_IsRefusedNamingTheGap()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s2", 0, 45, 60) };

        var (plan, refusal) = ClipPlan.Of(segments, Request(10, 50));

        Assert.Null(plan);
        Assert.Equal(ClipRefusalKind.Gap, refusal!.Kind);
        Assert.Contains($"from {ClipPlan.Iso(T0.AddSeconds(30))} to {ClipPlan.Iso(T0.AddSeconds(45))}", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_RangeOverAGapWithGapsSkipped_PutsTheNextRunRightAfterTheFirstAndListsTheGap()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s2", 0, 45, 60) };

        var (plan, refusal) = ClipPlan.Of(segments, Request(10, 50, skip: true));

        Assert.Null(refusal);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(30)], plan!.Parts.Select(p => p.FeedOffset));
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Seek);
        Assert.Equal(TimeSpan.FromSeconds(25), plan.Duration);
        Assert.Equal([new ClipGap(T0.AddSeconds(30), T0.AddSeconds(45))], plan.Gaps);
    }

    [Fact]
    public void Of_RangeBeyondTheRecording_IsAGapAtEitherEnd()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 10, 40) };

        var (refused, refusal) = ClipPlan.Of(segments, Request(0, 30));
        var (plan, _) = ClipPlan.Of(segments, Request(0, 50, skip: true));

        Assert.Null(refused);
        Assert.Contains($"from {ClipPlan.Iso(T0)} to {ClipPlan.Iso(T0.AddSeconds(10))}", refusal!.Detail, StringComparison.Ordinal);
        Assert.Equal([new ClipGap(T0, T0.AddSeconds(10)), new ClipGap(T0.AddSeconds(40), T0.AddSeconds(50))], plan!.Gaps);
        Assert.Equal(T0.AddSeconds(10), plan.Start);
        Assert.Equal(TimeSpan.Zero, plan.Seek);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Duration);
    }

    [Fact]
    public void Of_NothingRecorded_IsNoMedia()
    {
        var (plan, refusal) = ClipPlan.Of([TimelineTests.Segment("s1", 0, 0, 30)], Request(40, 50, skip: true));

        Assert.Null(plan);
        Assert.Equal(ClipRefusalKind.NoMedia, refusal!.Kind);
    }

    [Fact]
    public void Of_ChangeOfPictureSize_IsRefusedEvenWithGapsSkipped()
    {
        var segments = new[]
        {
            TimelineTests.Segment("s1", 0, 0, 30, new SegmentMedia("avc1.4d401f", 1280, 720, 25, 2_000_000)),
            TimelineTests.Segment("s1", 1, 30, 60, new SegmentMedia("avc1.4d401f", 640, 360, 25, 600_000)),
        };

        var (plan, refusal) = ClipPlan.Of(segments, Request(10, 50, skip: true));

        Assert.Null(plan);
        Assert.Equal(ClipRefusalKind.MediaChange, refusal!.Kind);
        Assert.Contains(ClipPlan.Iso(T0.AddSeconds(30)), refusal.Detail, StringComparison.Ordinal);
    }

    private static ClipRequest Request(double from, double to, bool skip = false) => new(T0.AddSeconds(from), T0.AddSeconds(to), skip);
}
