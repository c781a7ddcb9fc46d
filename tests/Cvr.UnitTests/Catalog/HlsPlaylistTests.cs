using Cvr.Catalog.Playback;

namespace Cvr.UnitTests.Catalog;

public class HlsPlaylistTests
{
    [Fact]
    public void Build_TwoRunsWithGap_MarksOneDiscontinuityAndDatesEverySegment()
    {
        var segments = new[]
        {
            TimelineTests.Segment("s1", 0, 0, 30),
            TimelineTests.Segment("s1", 1, 30, 60),
            TimelineTests.Segment("s2", 0, 75, 90),
        };

        var lines = HlsPlaylist.Build(segments, "tk").Split('\n');

        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Single(lines, l => l == "#EXT-X-DISCONTINUITY");
        Assert.Equal(3, lines.Count(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)));
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-23T12:01:15.000Z", lines);
        Assert.Contains("#EXT-X-TARGETDURATION:30", lines);
        Assert.Equal("#EXT-X-ENDLIST", lines[^2]);
    }

    [Fact]
    public void Build_SecondSegmentOfRun_IsOffsetByItsDistanceFromRunStart()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s1", 1, 30, 60) };

        var playlist = HlsPlaylist.Build(segments, "tk");

        Assert.Contains($"media.m4s?offset={TimeSpan.FromSeconds(30).Ticks}", playlist, StringComparison.Ordinal);
        Assert.Contains("media.m4s?offset=0&token=tk", playlist, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CodecChangesBackToBackInOneSession_StartsARunWithItsOwnInitSection()
    {
        var segments = new[]
        {
            TimelineTests.Segment("s1", 0, 0, 30, TimelineTests.H264),
            TimelineTests.Segment("s1", 1, 30, 60, TimelineTests.H264),
            TimelineTests.Segment("s1", 2, 60, 90, TimelineTests.H265),
        };

        var lines = HlsPlaylist.Build(segments, "tk").Split('\n');

        var discontinuity = Array.IndexOf(lines, "#EXT-X-DISCONTINUITY");
        Assert.Single(lines, l => l == "#EXT-X-DISCONTINUITY");
        Assert.Equal($"#EXT-X-MAP:URI=\"segments/{segments[2].FileName}/init.mp4?token=tk\"", lines[discontinuity + 1]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)));
        Assert.Contains($"segments/{segments[2].FileName}/media.m4s?offset=0&token=tk", lines); // a new timeline starts at its first segment
    }

    [Fact]
    public void Build_EveryMediaUri_CarriesTheTokenEscaped()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s2", 0, 45, 60) };

        var lines = HlsPlaylist.Build(segments, "a+b/c").Split('\n');

        Assert.All(lines.Where(l => l.StartsWith("segments/", StringComparison.Ordinal)), l => Assert.EndsWith("&token=a%2Bb%2Fc", l, StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)), l => Assert.EndsWith("/init.mp4?token=a%2Bb%2Fc\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_FirstAndLastTrimmed_ListOnlyTheirFragmentsWithTheirTimes()
    {
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s1", 1, 30, 60) };
        var trims = new Dictionary<string, SegmentTrim>
        {
            [segments[0].FileName] = new(10, 30, segments[0].Start.AddSeconds(10), segments[0].End),
            [segments[1].FileName] = new(0, 5, segments[1].Start, segments[1].Start.AddSeconds(5)),
        };

        var lines = HlsPlaylist.Build(segments, "tk", trims).Split('\n');

        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-23T12:00:10.000Z", lines);
        Assert.Contains("#EXTINF:20.000,", lines);
        Assert.Contains($"segments/{segments[0].FileName}/media.m4s?offset=0&from=10&to=30&token=tk", lines);
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-23T12:00:30.000Z", lines);
        Assert.Contains("#EXTINF:5.000,", lines);
        Assert.Contains($"segments/{segments[1].FileName}/media.m4s?offset={TimeSpan.FromSeconds(30).Ticks}&from=0&to=5&token=tk", lines);
    }
}
