using Cvr.Catalog.Clips;
using Cvr.Media.Mp4;

namespace Cvr.UnitTests.Catalog;

/// <summary>ffmpeg's command line for a clip: times and a local path, the start moved back by the feed's lead.</summary>
public sealed class ClipMakerTests
{
    private static readonly DateTimeOffset T0 = TimelineTests.Segment("s", 0, 0, 1).Start;

    [Fact]
    public void Arguments_OfAPlan_OffsetTheFeedBackToTheStartAndSayTheStartAndGaps()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s2", 0, 45, 60) };
        var start = T0 + TimeSpan.FromMilliseconds(5520); // AddSeconds(5.52) is a tick short
        var (plan, _) = ClipPlan.Of(segments, new ClipRequest(start, T0.AddSeconds(50), SkipGaps: true));

        var arguments = ClipMaker.Arguments("front", plan!, "/data/clips/c.mp4");

        Assert.Equal("pipe:0", After(arguments, "-i"));
        Assert.Equal((-(5.52 + FragmentTimeShifter.RunLead.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), After(arguments, "-itsoffset"));
        Assert.Equal("29.48", After(arguments, "-t"));
        Assert.Equal("+faststart", After(arguments, "-movflags"));
        Assert.Contains($"creation_time={ClipPlan.Iso(start)}", arguments);
        Assert.Contains($"comment=cvr asset=front start={ClipPlan.Iso(start)} duration=29.48 gaps={ClipPlan.Iso(T0.AddSeconds(30))}/{ClipPlan.Iso(T0.AddSeconds(45))}", arguments);
        Assert.DoesNotContain("-ss", arguments);
        Assert.Equal("/data/clips/c.mp4", arguments[^1]);
    }

    private static string After(IReadOnlyList<string> arguments, string option) => arguments[arguments.ToList().IndexOf(option) + 1];
}
