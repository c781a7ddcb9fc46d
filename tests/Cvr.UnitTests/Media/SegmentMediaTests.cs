using System.Globalization;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Media.Mp4;
using Cvr.Testing;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Media;

/// <summary>A segment's media facts from real ffmpeg files of the test camera's loops, against what ffprobe reads.</summary>
public class SegmentMediaTests(FfmpegCameraLoopSegments files) : IClassFixture<FfmpegCameraLoopSegments>
{
    [Fact]
    public async Task Describe_H264WithAac_NamesBothCodecsVideoFirstAndTheVideosFormat()
    {
        var media = await DescribeAsync(files.H264Aac);

        // Main profile (0x4d), level 3.1 (0x1f), as ffprobe reads the stream; AAC-LC.
        Assert.Matches("^avc1\\.4d[0-9a-f]{2}1f,mp4a\\.40\\.2$", media.Codecs);
        Assert.Equal((1280, 720), (media.Width, media.Height));
        Assert.Equal(25, media.FrameRate);
        Assert.Equal(await ExpectedBitrateAsync(files.H264Aac), media.BitrateBps);
    }

    [Fact]
    public async Task Describe_H265TaggedHvc1WithAac_NamesHvc1WithProfileAndLevel()
    {
        var media = await DescribeAsync(files.H265Aac);
        var stream = await VideoStreamAsync(files.H265Aac);

        Assert.Equal("hvc1", (string)stream["codec_tag_string"]!);
        Assert.Matches($"^hvc1\\.1\\.6\\.L{(int)stream["level"]!}(\\.[0-9A-F]{{2}})+,mp4a\\.40\\.2$", media.Codecs);
        Assert.Equal(((int?)stream["width"], (int?)stream["height"]), (media.Width, media.Height));
        Assert.Equal(25, media.FrameRate);
        Assert.Equal(await ExpectedBitrateAsync(files.H265Aac), media.BitrateBps);
    }

    [Fact]
    public async Task Describe_AudioTrackFirst_StillNamesTheVideoFirst()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(files.AacFirstH264, CancellationToken.None);

        var media = Mp4SegmentMedia.Describe(index)!;

        Assert.Equal("soun", index.Tracks[0].Handler);
        Assert.Equal($"{index.Video!.Codec},mp4a.40.2", media.Codecs);
        Assert.Equal(25, media.FrameRate);
    }

    [Fact]
    public async Task Describe_VideoAlone_NamesOneCodec()
    {
        var media = await DescribeAsync(files.H264Alone);

        Assert.Matches("^avc1\\.[0-9a-f]{6}$", media.Codecs);
        Assert.Equal((1280, 720, 25.0), (media.Width, media.Height, media.FrameRate));
    }

    [Fact]
    public async Task Describe_AudioAlone_HasNoPictureOrFrameRateButABitrate()
    {
        var media = await DescribeAsync(files.AacAlone);

        Assert.Equal("mp4a.40.2", media.Codecs);
        Assert.Equal((null, null, null), (media.Width, media.Height, media.FrameRate));
        Assert.InRange(media.BitrateBps!.Value, 1, 200_000);
    }

    [Fact]
    public async Task Describe_TornFile_CountsOnlyItsCompleteFragments()
    {
        // Cut inside the second fragment: what remains is the first GOP, 2 s of 50 frames.
        using var folder = new TemporaryFolder();
        var whole = await File.ReadAllBytesAsync(files.H264Alone);
        var index = await FragmentedMp4Reader.ReadIndexAsync(files.H264Alone, CancellationToken.None);
        var torn = folder.File("torn.mp4");
        await File.WriteAllBytesAsync(torn, whole[..(int)(index.Fragments[1].Offset + 1000)]);

        var tornIndex = await FragmentedMp4Reader.ReadIndexAsync(torn, CancellationToken.None);
        var media = Mp4SegmentMedia.Describe(tornIndex)!;

        Assert.Equal(TimeSpan.FromSeconds(2), tornIndex.Duration);
        Assert.Equal(50, tornIndex.SampleCount(tornIndex.Video!.TrackId));
        Assert.Equal(25, media.FrameRate);
        Assert.Equal((long)Math.Round(index.Fragments[0].End * 8 / 2.0), media.BitrateBps);
    }

    [Fact]
    public async Task Describe_FileWithoutAMovieBox_IsUnknown()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("not-an-mp4.mp4");
        await File.WriteAllTextAsync(path, "this is no MP4 file at all");

        var index = await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None);

        Assert.Null(Mp4SegmentMedia.Describe(index));
    }

    private static async Task<SegmentMedia> DescribeAsync(string path)
    {
        var media = Mp4SegmentMedia.Describe(await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None));
        Assert.NotNull(media);
        return media;
    }

    /// <summary>The file's bits over the duration ffprobe gives its video (else its only) stream.</summary>
    private static async Task<long> ExpectedBitrateAsync(string path)
    {
        var seconds = double.Parse((string)(await VideoStreamAsync(path))["duration"]!, CultureInfo.InvariantCulture);
        return (long)Math.Round(new FileInfo(path).Length * 8 / seconds);
    }

    private static async Task<JsonNode> VideoStreamAsync(string path)
    {
        var (exitCode, output, errors) = await Ffprobe.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_tag_string,level,width,height,duration", "-of", "json", path]);
        Assert.True(exitCode == 0, errors);
        return JsonNode.Parse(output)!["streams"]![0]!;
    }
}
