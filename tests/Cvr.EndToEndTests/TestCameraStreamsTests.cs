using System.Diagnostics;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// The test camera's kinds of stream (tools/testcam), checked with ffprobe and ffmpeg against the camera
/// itself, as the recorder's tests rely on them: the codecs, audio in sync with the video, timestamps that
/// never jump (across the loop seams too), digest auth, and a change of video settings mid-stream.
/// </summary>
public sealed class TestCameraStreamsTests : IDisposable
{
    private const double FrameSeconds = 0.040;
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task H265Camera_ProbedThreeSeconds_HevcWithAFrameEvery40Ms()
    {
        await using var camera = await TestCamera.StartAsync(_folder.Path, stream: new CameraStream(VideoLoop.H265));

        var media = await RtspProbe.PacketsAsync(camera.Url, TimeSpan.FromSeconds(3));

        var video = Assert.Single(media.Streams);
        Assert.Equal(("video", "hevc", 1280, 720), (video.CodecType, video.CodecName, video.Width, video.Height));
        AssertEvenSteps(media, video, video.Clock * FrameSeconds, minimum: 70);
        Assert.Contains(media.PacketsOf(video), p => p.Keyframe && p.Pts is not null);
    }

    [Theory]
    [InlineData(CameraAudio.Aac, "aac", 16000, 1024)]
    [InlineData(CameraAudio.Pcmu, "pcm_mulaw", 8000, 160)]
    public async Task AudioCamera_ProbedThreeSeconds_H264AndTheAudioStartTogetherInEvenSteps(CameraAudio kind, string codec, int rate, int samplesPerPacket)
    {
        await using var camera = await TestCamera.StartAsync(_folder.Path, stream: new CameraStream(Audio: kind));

        var media = await RtspProbe.PacketsAsync(camera.Url, TimeSpan.FromSeconds(3));

        var video = media.Stream("video");
        var audio = media.Stream("audio");
        Assert.Equal(2, media.Streams.Count);
        Assert.Equal("h264", video.CodecName);
        Assert.Equal((codec, rate, 1), (audio.CodecName, audio.SampleRate, audio.Channels));
        AssertEvenSteps(media, video, video.Clock * FrameSeconds, minimum: 70);
        AssertEvenSteps(media, audio, samplesPerPacket * audio.Clock / (double)rate, minimum: (int)(2.5 * rate / samplesPerPacket));
        var apart = media.FirstTime(audio, FrameSeconds) - media.FirstTime(video, FrameSeconds);
        Assert.True(Math.Abs(apart) < 0.1, $"audio starts {apart * 1000:F1} ms after the video");
    }

    [Theory]
    [InlineData(CameraAudio.Aac)]
    [InlineData(CameraAudio.Pcmu)]
    public async Task AudioCamera_RecordedFourSeconds_BeepsFallOnTheVideosWholeSeconds(CameraAudio kind)
    {
        await using var camera = await TestCamera.StartAsync(_folder.Path, stream: new CameraStream(Audio: kind));
        var file = _folder.File($"beeps-{kind}.mkv");

        var (code, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-rtsp_transport", "tcp", "-i", camera.Url, "-t", "4", "-c", "copy", "-f", "matroska", "-y", file]);

        Assert.True(code == 0, errors);
        var media = await RtspProbe.PacketsAsync(file);
        var video = media.Stream("video");
        var keyframe = media.PacketsOf(video).First(p => p.Keyframe && p.Pts is not null).Pts!.Value / (double)video.Clock;
        var onsets = (await ToneBeeps.OnsetsAsync(file)).Where(t => t >= keyframe + 0.5).ToList();
        Assert.True(onsets.Count >= 2, $"beeps at {string.Join(", ", onsets)}");
        Assert.All(onsets, t =>
        {
            var off = (t - keyframe) - Math.Round(t - keyframe);
            Assert.True(Math.Abs(off) < 0.010, $"a beep {off * 1000:F1} ms off a whole second after the keyframe at {keyframe:F3} s");
        });
    }

    [Fact]
    public async Task AacCamera_ProbedAcrossBothLoopSeams_TimestampsNeverJump()
    {
        // The video loops every 10 s, the AAC every 8 s: 11 s cross both seams.
        await using var camera = await TestCamera.StartAsync(_folder.Path, stream: new CameraStream(Audio: CameraAudio.Aac));

        var media = await RtspProbe.PacketsAsync(camera.Url, TimeSpan.FromSeconds(11));

        var video = media.Stream("video");
        var audio = media.Stream("audio");
        AssertEvenSteps(media, video, video.Clock * FrameSeconds, minimum: 270);
        AssertEvenSteps(media, audio, 1024, minimum: 165);
        var keyframes = media.PacketsOf(video).Where(p => p.Keyframe && p.Pts is not null).Select(p => (double)p.Pts!.Value / video.Clock).ToList();
        Assert.Contains(keyframes, t => Math.Abs(t - 10) < 0.01);
    }

    [Fact]
    public async Task DigestCamera_WithH265AndAac_ServesOnlyWithThePassword()
    {
        await using var camera = await TestCamera.StartAsync(
            _folder.Path, auth: "digest", user: "viewer", password: "Test camera's secret", stream: new CameraStream(VideoLoop.H265, CameraAudio.Aac));
        var authorized = camera.Url.Replace("rtsp://", $"rtsp://viewer:{Uri.EscapeDataString("Test camera's secret")}@", StringComparison.Ordinal);

        var media = await RtspProbe.PacketsAsync(authorized, TimeSpan.FromSeconds(1));
        var (refusedCode, _, refused) = await Ffprobe.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", camera.Url]);

        Assert.Equal(new[] { "hevc", "aac" }, media.Streams.Select(s => s.CodecName));
        Assert.NotEqual(0, refusedCode);
        Assert.Contains("401", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolutionSwitch_AfterTwoSeconds_SameSessionGoesOnAt640x360()
    {
        await using var camera = await TestCamera.StartAsync(
            _folder.Path, stream: new CameraStream(Switch: new VideoSwitch(TimeSpan.FromSeconds(2), VideoLoop.H264At360p)));

        var frames = await RtspProbe.VideoFramesAsync(camera.Url, TimeSpan.FromSeconds(4));

        Assert.Equal((1280, 720), (frames[0].Width, frames[0].Height));
        var first = frames.Select((f, i) => (f, i)).First(x => x.f.Width == 640);
        Assert.Equal(360, first.f.Height);
        Assert.True(first.f.Keyframe, "the new size begins with a keyframe");
        Assert.InRange(first.i, 48, 52); // frame 50 is due 2 s into the stream
        Assert.All(frames.Skip(first.i), f => Assert.Equal((640, 360), (f.Width, f.Height)));
        var stamps = frames.Where(f => f.Pts is not null).Select(f => f.Pts!.Value).ToList();
        Assert.All(stamps.Zip(stamps.Skip(1), (a, b) => b - a), step => Assert.Equal(3600, step));
    }

    [Fact]
    public async Task CodecSwitch_AfterTwoSeconds_SessionEndsAndTheNextDescribeIsH265()
    {
        await using var camera = await TestCamera.StartAsync(
            _folder.Path, stream: new CameraStream(Audio: CameraAudio.Pcmu, Switch: new VideoSwitch(TimeSpan.FromSeconds(2), VideoLoop.H265)));
        var file = _folder.File("before-switch.mkv");

        var clock = Stopwatch.StartNew();
        var (code, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-rtsp_transport", "tcp", "-timeout", "5000000", "-i", camera.Url, "-t", "15", "-c", "copy", "-f", "matroska", "-y", file]);
        var endedAfter = clock.Elapsed;
        var before = await RtspProbe.PacketsAsync(file);
        var after = await RtspProbe.PacketsAsync(camera.Url, TimeSpan.FromSeconds(1));

        Assert.True(code == 0, errors);
        Assert.True(endedAfter < TimeSpan.FromSeconds(8), $"ffmpeg ran {endedAfter.TotalSeconds:F1} s: the camera did not end the session");
        Assert.Equal("h264", before.Stream("video").CodecName);
        Assert.InRange(before.PacketsOf(before.Stream("video")).Count, 45, 52);
        Assert.Equal(new[] { "hevc", "pcm_mulaw" }, after.Streams.Select(s => s.CodecName));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Every step between timestamps is one packet long, give or take 1 ms (ffmpeg maps RTP time through RTCP reports, which moves timestamps by a few ticks).</summary>
    private static void AssertEvenSteps(ProbedMedia media, ProbedStream stream, double ticksPerPacket, int minimum)
    {
        var steps = media.Steps(stream);
        Assert.True(steps.Count >= minimum, $"{stream.CodecName}: {steps.Count} steps, expected at least {minimum}");
        var tolerance = stream.Clock / 1000.0;
        var odd = steps.Where(s => Math.Abs(s - ticksPerPacket) > tolerance).ToList();
        Assert.True(odd.Count == 0, $"{stream.CodecName}: steps of {string.Join(", ", odd.Distinct())} ticks among {steps.Count}, expected {ticksPerPacket}");
    }
}
