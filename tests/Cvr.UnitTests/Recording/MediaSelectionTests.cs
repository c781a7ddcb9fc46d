using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Recording;

public class MediaSelectionTests
{
    private static readonly CameraTrack H264 = new("video", "h264", 1280, 720);
    private static readonly CameraTrack Hevc = new("video", "hevc", 1920, 1080);
    private static readonly CameraTrack Aac = new("audio", "aac", SampleRate: 16000, Channels: 1);
    private static readonly CameraTrack Pcmu = new("audio", "pcm_mulaw", SampleRate: 8000, Channels: 1);

    [Fact]
    public void Parse_FfprobesListOfACamera_ReadsEachTrack()
    {
        const string json = """
            { "programs": [], "streams": [
              { "index": 0, "codec_name": "hevc", "codec_type": "video", "width": 1280, "height": 720 },
              { "index": 1, "codec_name": "pcm_mulaw", "codec_type": "audio", "sample_rate": "8000", "channels": 1 },
              { "index": 2, "codec_type": "data" } ] }
            """;

        var media = CameraMedia.Parse(json);

        Assert.Equal(
            [new CameraTrack("video", "hevc", 1280, 720), new CameraTrack("audio", "pcm_mulaw", SampleRate: 8000, Channels: 1), new CameraTrack("data", "unknown")],
            media.Tracks);
        Assert.Equal("hevc 1280x720 + pcm_mulaw 8000 Hz + unknown", media.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{ \"programs\": [] }")]
    public void Parse_NotAStreamList_IsAFormatException(string text) =>
        Assert.Throws<FormatException>(() => CameraMedia.Parse(text));

    [Fact]
    public void Choose_H264Alone_CopiesTheVideo()
    {
        var media = MediaSelection.Choose(new CameraMedia([H264]), videoOnly: false, out var unsupported);

        Assert.Null(unsupported);
        Assert.Equal(["-map", "0:v:0", "-c:v", "copy"], media!.OutputArguments());
    }

    [Fact]
    public void Choose_HevcWithAac_TagsHvc1AndCopiesTheAudioAfterTheVideo()
    {
        var media = MediaSelection.Choose(new CameraMedia([Aac, Hevc]), videoOnly: false, out _);

        Assert.Equal(["-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-tag:v", "hvc1", "-c:a", "copy"], media!.OutputArguments());
        Assert.Equal("hevc 1920x1080 + aac 16000 Hz", media.ToString());
    }

    [Fact]
    public void Choose_G711_TranscodesOnlyTheAudioToAac()
    {
        var media = MediaSelection.Choose(new CameraMedia([H264, Pcmu]), videoOnly: false, out _);

        Assert.Equal(AudioHandling.Transcode, media!.AudioHandling);
        Assert.Equal(["-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-c:a", "aac", "-b:a", "32000"], media.OutputArguments());
        Assert.Equal("h264 1280x720 + pcm_mulaw 8000 Hz → aac", media.ToString());
    }

    [Fact]
    public void Choose_VideoOnlySelector_LeavesTheAudioOut()
    {
        var media = MediaSelection.Choose(new CameraMedia([H264, Aac]), videoOnly: true, out _);

        Assert.Equal(AudioHandling.None, media!.AudioHandling);
        Assert.DoesNotContain("0:a:0", media.OutputArguments());
    }

    [Fact]
    public void Choose_AudioCvrCannotStore_RecordsTheVideoWithoutIt()
    {
        var media = MediaSelection.Choose(new CameraMedia([H264, new CameraTrack("audio", "speex")]), videoOnly: false, out _);

        Assert.Equal(AudioHandling.NotStored, media!.AudioHandling);
        Assert.Equal(["-map", "0:v:0", "-c:v", "copy"], media.OutputArguments());
    }

    [Theory]
    [InlineData("mjpeg", "UnsupportedCodec: mjpeg")]
    [InlineData("mpeg4", "UnsupportedCodec: mpeg4")]
    public void Choose_VideoMp4PlayersCannotTake_IsUnsupportedNamingTheCodec(string codec, string expected)
    {
        Assert.Null(MediaSelection.Choose(new CameraMedia([new CameraTrack("video", codec, 640, 480), Pcmu]), videoOnly: false, out var unsupported));
        Assert.Equal(expected, unsupported);
    }

    [Fact]
    public void Choose_NoVideo_IsUnsupportedNamingWhatTheCameraSends()
    {
        Assert.Null(MediaSelection.Choose(new CameraMedia([Pcmu]), videoOnly: false, out var unsupported));
        Assert.Equal("UnsupportedCodec: no video (the camera sends pcm_mulaw 8000 Hz)", unsupported);
    }
}
