using Cvr.Catalog.Playback;
using Cvr.Media.Mp4;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Catalog;

/// <summary>A real 3 s ffmpeg segment of three 1 s fragments, trimmed to a playlist's range.</summary>
public class SegmentTrimTests(FfmpegSegments segments) : IClassFixture<FfmpegSegments>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Of_RangeFromInsideTheSecondFragment_KeepsTheLastTwoFromTheSecondsStart()
    {
        var (segment, index) = await SegmentAsync();

        var trim = SegmentTrim.Of(segment, index, T0.AddSeconds(1.5), T0.AddHours(1));

        Assert.Equal(new SegmentTrim(1, 3, T0.AddSeconds(1), T0.AddSeconds(3)), trim);
    }

    [Fact]
    public async Task Of_RangeEndingInsideTheFirstFragment_KeepsOnlyIt()
    {
        var (segment, index) = await SegmentAsync();

        var trim = SegmentTrim.Of(segment, index, T0.AddHours(-1), T0.AddSeconds(0.4));

        Assert.Equal(new SegmentTrim(0, 1, T0, T0.AddSeconds(1)), trim);
    }

    [Fact]
    public async Task Of_RangeCoveringEveryFragment_IsNoTrim()
    {
        var (segment, index) = await SegmentAsync();

        Assert.Null(SegmentTrim.Of(segment, index, T0.AddSeconds(-1), T0.AddSeconds(3)));
    }

    private async Task<(Cvr.Contracts.Events.SegmentDescriptor Segment, Mp4SegmentIndex Index)> SegmentAsync() =>
        (TimelineTests.Segment("s1", 0, 0, 3), await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None));
}
