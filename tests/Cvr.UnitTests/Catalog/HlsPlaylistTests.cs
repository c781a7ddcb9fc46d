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
}
