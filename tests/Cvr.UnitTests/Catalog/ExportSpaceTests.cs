using Cvr.Catalog.Clips;
using Cvr.Catalog.Exports;
using Cvr.Media.Files;

namespace Cvr.UnitTests.Catalog;

/// <summary>An export fits on its disk only above the space kept for recording.</summary>
public sealed class ExportSpaceTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset T0 = TimelineTests.Segment("s", 0, 0, 1).Start;

    [Theory]
    [InlineData(100 * 1024, null, 0, false)] // 100 GiB disk: 2 GiB are kept
    [InlineData(100 * 1024, null, 2047, false)]
    [InlineData(100 * 1024, null, 2048, true)]
    [InlineData(8 * 1024, null, 819, false)] // 8 GiB disk: a tenth, 819.2 MiB, is kept
    [InlineData(8 * 1024, null, 820, true)]
    [InlineData(100 * 1024, 512L, 511, false)] // a configured floor
    [InlineData(100 * 1024, 512L, 512, true)]
    public void Refusal_ComparesWhatIsLeftWithTheFloor(long diskMiB, long? floorMiB, long freeMiBBeyondClip, bool fits)
    {
        var plan = Plan();
        var clip = plan.Parts.Sum(p => p.Segment.SizeBytes);
        // freeMiBBeyondClip is what stays free once the clip is written: it fits when that reaches the floor.
        var volume = new Volume(1, diskMiB * MiB, clip + (freeMiBBeyondClip * MiB));

        var refusal = ExportSpace.Refusal(plan, volume, floorMiB);

        Assert.Equal(fits, refusal is null);
        if (!fits)
        {
            Assert.Contains("kept for recording", refusal, StringComparison.Ordinal);
        }
    }

    private static ClipPlan Plan()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s2", 0, 30, 60) };
        return ClipPlan.Of(segments, new ClipRequest(T0.AddSeconds(5), T0.AddSeconds(50), SkipGaps: false)).Plan!;
    }
}
