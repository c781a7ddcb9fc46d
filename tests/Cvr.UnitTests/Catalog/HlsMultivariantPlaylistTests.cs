using Cvr.Catalog.Playback;

namespace Cvr.UnitTests.Catalog;

public class HlsMultivariantPlaylistTests
{
    [Fact]
    public void Build_DescribedSegments_NamesCodecsResolutionFrameRateAndBandwidth()
    {
        var segments = new[]
        {
            TimelineTests.Segment("s1", 0, 0, 30, TimelineTests.H264),
            TimelineTests.Segment("s1", 1, 30, 60, TimelineTests.H264 with { BitrateBps = 2_500_000 }),
        };

        var lines = HlsMultivariantPlaylist.Build(segments, "playlist.m3u8?token=tk").Split('\n');

        Assert.Equal("#EXTM3U", lines[0]);
        // Each segment of the test is 1000 bytes over 30 s: an average of 267 bits per second.
        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=2500000,AVERAGE-BANDWIDTH=267,CODECS=\"avc1.4d401f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=25.000", lines);
        Assert.Equal("playlist.m3u8?token=tk", lines[Array.FindIndex(lines, l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)) + 1]);
    }

    [Fact]
    public void Build_CodecAndResolutionChangeInTheRange_NamesEveryCodecAndTheLargestPicture()
    {
        var segments = new[]
        {
            TimelineTests.Segment("s1", 0, 0, 30, TimelineTests.H264 with { Width = 640, Height = 360 }),
            TimelineTests.Segment("s1", 1, 30, 60, TimelineTests.H265),
        };

        var playlist = HlsMultivariantPlaylist.Build(segments, "playlist.m3u8");

        Assert.Contains("CODECS=\"avc1.4d401f,mp4a.40.2,hvc1.1.6.L93.B0\",RESOLUTION=1280x720,", playlist, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ASegmentWithoutMedia_NamesNoCodecsButABandwidth()
    {
        // Recorded before Cvr described its segments: naming only some codecs would make players refuse the rest.
        var segments = new[] { TimelineTests.Segment("s1", 0, 0, 30), TimelineTests.Segment("s1", 1, 30, 60, TimelineTests.H264) };

        var playlist = HlsMultivariantPlaylist.Build(segments, "playlist.m3u8");

        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=2000000,AVERAGE-BANDWIDTH=267\n", playlist, StringComparison.Ordinal);
        Assert.DoesNotContain("CODECS", playlist, StringComparison.Ordinal);
    }
}
