using Cvr.Testing;

namespace Cvr.UnitTests.Support;

/// <summary>
/// Fragmented MP4 segments of 4 s made once by real ffmpeg from the test camera's loops (stream copy, as
/// the ingest records: 1280x720 at 25 fps with a keyframe every 2 s, and 16 kHz AAC): H.264 + AAC, H.265
/// (tagged hvc1) + AAC, the AAC listed first, H.264 alone and AAC alone.
/// </summary>
public sealed class FfmpegCameraLoopSegments : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();

    public string H264Aac => _folder.File("h264-aac.mp4");

    public string H265Aac => _folder.File("h265-aac.mp4");

    public string AacFirstH264 => _folder.File("aac-h264.mp4");

    public string H264Alone => _folder.File("h264.mp4");

    public string AacAlone => _folder.File("aac.mp4");

    public async Task InitializeAsync()
    {
        var h264 = await TestMedia.VideoAsync(VideoLoop.H264);
        var h265 = await TestMedia.VideoAsync(VideoLoop.H265);
        // Into MP4 once first: an empty moov is written before the first ADTS frame is read, so a stream
        // copied straight from ADTS would have no AudioSpecificConfig (a camera's SDP gives it one).
        var aac = _folder.File("tone.m4a");
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", await TestMedia.AudioAsync(CameraAudio.Aac), "-c", "copy", "-bsf:a", "aac_adtstoasc", aac]);
        Assert.True(exitCode == 0, "ffmpeg failed: " + errors);
        await RunAsync(h264, aac, ["-map", "0:v", "-map", "1:a"], H264Aac);
        // The raw H.265 loop's 4-byte start codes leave a zero byte at the end of the NAL unit before each;
        // filter_units writes the NAL units as RTP carries them, so that no fragment looks zero-filled (torn).
        await RunAsync(h265, aac, ["-map", "0:v", "-map", "1:a", "-tag:v", "hvc1", "-bsf:v", "filter_units=pass_types=0-63"], H265Aac);
        await RunAsync(h264, aac, ["-map", "1:a", "-map", "0:v"], AacFirstH264);
        await RunAsync(h264, aac, ["-map", "0:v"], H264Alone);
        await RunAsync(h264, aac, ["-map", "1:a"], AacAlone);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static async Task RunAsync(string video, string audio, string[] maps, string output)
    {
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-framerate", "25", "-i", video, "-i", audio, "-t", "4", .. maps,
            "-c", "copy", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", output]);
        Assert.True(exitCode == 0, "ffmpeg failed: " + errors);
    }
}
