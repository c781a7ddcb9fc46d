using Cvr.Testing;
using Microsoft.Playwright;

namespace Cvr.EndToEndTests.Cameras;

/// <summary>
/// The cameras people own, recorded: H.265 (stream copy, hvc1), H.264 with AAC (copied) or G.711 µ-law
/// (transcoded to AAC), H.264 behind Digest or Basic auth, an LVA 1.0 topology (no selectors: audio too) and LVA
/// 2.0's video-only selector (no audio). Each recording is checked with ffprobe, its audio against the
/// test camera's beeps (on the video's whole seconds), and its HLS playlist read end to end by ffmpeg.
/// </summary>
public sealed class CameraKindsTests(CameraKindsFixture recording) : IClassFixture<CameraKindsFixture>
{
    /// <summary>The bound for audio against video.</summary>
    private const double SyncBound = 0.100;

    [Theory]
    [MemberData(nameof(CameraKind.Instances), MemberType = typeof(CameraKind))]
    public async Task Recording_FullSegment_HoldsTheCamerasVideoAndTheAudioCvrCanStore(string instance)
    {
        var kind = CameraKind.Named(instance);
        var segment = recording.Segments[instance].First(s => s.Sequence >= 1);

        var media = await RtspProbe.PacketsAsync(segment.Path);

        var video = media.Stream("video");
        Assert.Equal((kind.VideoCodec, kind.VideoTag), (video.CodecName, video.CodecTag));
        Assert.Equal(kind.AudioCodec, media.Streams.SingleOrDefault(s => s.CodecType == "audio")?.CodecName);
        Assert.Equal(0, video.Index); // video first: the wall-clock boxes refer to it
        Assert.DoesNotContain(recording.Host.Process.Lines, l => l.Contains($"Segment {instance}/", StringComparison.Ordinal) && l.Contains("was torn", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("h264-aac")]
    [InlineData("h264-pcmu")]
    public async Task Recording_WithAudio_EverySegmentsBeepsFallWithin100MsOfTheVideosWholeSeconds(string instance)
    {
        foreach (var segment in recording.Segments[instance])
        {
            await AssertInSyncAsync(segment.Path, minimumBeeps: segment.Sequence >= 1 ? 20 : 0);
        }
    }

    [Theory]
    [InlineData("h264-aac")]
    [InlineData("h264-pcmu")]
    public async Task Playlist_WithAudio_StaysInSyncAcrossTheSegments(string instance)
    {
        var kind = CameraKind.Named(instance);
        var segments = recording.Segments[instance];
        var url = await recording.Host.PlaybackUrlAsync(kind.Asset, segments[0].Start, segments[^1].End);
        using var folder = new TemporaryFolder();
        var copy = folder.File("playlist.mkv");

        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "matroska", "-y", copy]);

        Assert.True(exitCode == 0, errors);
        await AssertInSyncAsync(copy, minimumBeeps: 20);
    }

    /// <summary>
    /// The test camera beeps at every whole second of its stream time, and its keyframes fall on whole seconds:
    /// every beep must be within the bound of a whole second after the file's first keyframe.
    /// </summary>
    private static async Task AssertInSyncAsync(string file, int minimumBeeps)
    {
        var media = await RtspProbe.PacketsAsync(file);
        var onsets = await ToneBeeps.OnsetsAsync(file);

        var video = media.Stream("video");
        var keyframe = media.PacketsOf(video).First(p => p.Keyframe && p.Pts is not null).Pts!.Value / (double)video.Clock;
        Assert.True(onsets.Count >= minimumBeeps, $"{onsets.Count} beeps in {file}");
        Assert.All(onsets, t =>
        {
            var off = (t - keyframe) - Math.Round(t - keyframe);
            Assert.True(Math.Abs(off) < SyncBound, $"a beep {off * 1000:F1} ms off a whole second of the video in {file}");
        });
    }

    [Theory]
    [MemberData(nameof(CameraKind.Instances), MemberType = typeof(CameraKind))]
    public async Task Playlist_OfEverythingRecorded_IsReadEndToEndByFfmpeg(string instance)
    {
        var kind = CameraKind.Named(instance);
        var segments = recording.Segments[instance];
        var url = await recording.Host.PlaybackUrlAsync(kind.Asset, segments[0].Start, segments[^1].End);

        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "null", "-"]);
        var media = await RtspProbe.PacketsAsync(url.ToString());

        Assert.True(exitCode == 0, errors);
        Assert.True(string.IsNullOrWhiteSpace(errors), errors);
        Assert.Equal(kind.VideoCodec, media.Stream("video").CodecName);
        Assert.Equal(kind.AudioCodec, media.Streams.SingleOrDefault(s => s.CodecType == "audio")?.CodecName);
    }

    [Theory]
    [MemberData(nameof(CameraKind.Instances), MemberType = typeof(CameraKind))]
    public async Task Catalog_EverySegment_ReportsTheCodecsAndThePlaylistNamesThem(string instance)
    {
        var kind = CameraKind.Named(instance);
        var uploaded = recording.Segments[instance].Select(s => s.FileName).ToHashSet(StringComparer.Ordinal);

        var segments = (await recording.Host.SegmentsAsync(kind.Asset)).Where(s => uploaded.Contains(s.FileName)).ToList();
        var url = await recording.Host.PlaybackUrlAsync(kind.Asset);
        using var anonymous = new HttpClient();
        var master = await anonymous.GetStringAsync(url);

        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Matches($"^{kind.Codecs}$", s.Codecs));
        Assert.Contains($"CODECS=\"{segments[0].Codecs}\"", master, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h264-pcmu", "avc1.")]
    [InlineData("hevc", "hvc1.")]
    public async Task Page_PlayingARecording_PlaysItOrSaysTheBrowserCannotDecodeItsCodec(string instance, string codec)
    {
        var kind = CameraKind.Named(instance);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(recording.Host.Address.ToString());
        await page.FillAsync("#key", recording.Host.ViewerKey);
        await page.ClickAsync("#signin button");
        await page.WaitForSelectorAsync("#assets tr:nth-child(2)", new PageWaitForSelectorOptions { Timeout = (float)Eventually.Bound.TotalMilliseconds });
        var codecs = (await recording.Host.SegmentsAsync(kind.Asset)).First(s => s.Codecs is not null).Codecs!;
        var decodable = await page.EvaluateAsync<bool>("c => MediaSource.isTypeSupported(`video/mp4; codecs=\"${c}\"`)", codecs.Split(',')[0]);

        await page.EvaluateAsync("asset => play(asset)", kind.Asset);

        Assert.StartsWith(codec, codecs, StringComparison.Ordinal);
        if (decodable)
        {
            await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 1", null, new PageWaitForFunctionOptions { Timeout = (float)Eventually.Bound.TotalMilliseconds });
        }
        else
        {
            await page.WaitForFunctionAsync("() => document.getElementById('now').textContent.startsWith('this browser cannot decode')", null, new PageWaitForFunctionOptions { Timeout = (float)Eventually.Bound.TotalMilliseconds });
            Assert.Contains(codecs.Split(',')[0], await page.TextContentAsync("#now"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Status_OfEachInstance_SaysWhatIsRecorded()
    {
        var hevc = await recording.Host.RecordingStatusAsync("hevc");
        var pcmu = await recording.Host.RecordingStatusAsync("h264-pcmu");
        var videoOnly = await recording.Host.RecordingStatusAsync("video-only");

        Assert.Equal("hevc 1280x720", hevc?["media"]?.GetValue<string>());
        Assert.Equal("h264 1280x720 + pcm_mulaw 8000 Hz → aac", pcmu?["media"]?.GetValue<string>());
        Assert.Equal("h264 1280x720", videoOnly?["media"]?.GetValue<string>());
    }
}
