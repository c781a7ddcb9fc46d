using Cvr.Testing;

namespace Cvr.UnitTests.Support;

/// <summary>
/// Real multi-track fragmented MP4 files made once by real ffmpeg, with the segment muxer options the
/// ingest uses (one fragment per keyframe, a prft before each):
/// <see cref="AudioFirst"/>: AAC first and H.264 second (as ffmpeg writes them when a camera's SDP lists
/// audio first), 4 s of 48 kHz mono and 25 fps video, a keyframe each second, cut every 2 s;
/// <see cref="Hevc"/>: H.265 tagged hvc1 first and 16 kHz stereo AAC second, 2 s.
/// </summary>
public sealed class FfmpegAudioVideoSegments : IAsyncLifetime
{
    private const string SegmentFormatOptions = "movflags=+frag_keyframe+empty_moov+default_base_moof+frag_discont:use_editlist=1:write_prft=wallclock";
    private readonly TemporaryFolder _folder = new();

    /// <summary>The first of two segments (the second is <see cref="AudioFirstSecond"/>).</summary>
    public string AudioFirst => _folder.File("av-000.mp4");

    public string AudioFirstSecond => _folder.File("av-001.mp4");

    public string Hevc => _folder.File("hevc.mp4");

    public async Task InitializeAsync()
    {
        await RunAsync(
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "4",
            "-map", "0:a", "-map", "1:v", "-c:a", "aac", "-b:a", "64k",
            "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
            "-f", "segment", "-segment_time", "2", "-segment_format", "mp4", "-segment_format_options", SegmentFormatOptions,
            "-segment_list", _folder.File("av.csv"), "-segment_list_type", "csv", _folder.File("av-%03d.mp4"));
        await RunAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000", "-t", "2",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=25:min-keyint=25:scenecut=0:bframes=0", "-tag:v", "hvc1",
            "-c:a", "aac", "-ac", "2",
            "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-write_prft", "wallclock", "-f", "mp4", Hevc);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static async Task RunAsync(params string[] arguments)
    {
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", .. arguments]);
        Assert.True(exitCode == 0, "ffmpeg failed: " + errors);
    }
}
