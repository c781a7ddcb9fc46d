using Cvr.Testing;

namespace Cvr.EndToEndTests.Cameras;

/// <summary>
/// A camera whose stream changes while it is recorded: a new resolution (new parameter sets in band, the
/// same RTSP session) or a new codec (the camera drops its clients). Either way a new session starts, every
/// segment's init section matches all of its frames, and the playlist starts a new run (a discontinuity and
/// a new init section) where the stream changed; ffmpeg reads it end to end.
/// </summary>
public sealed class StreamChangeTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private CvrHostProcess _host = null!;

    public async Task InitializeAsync() => _host = await CvrHostProcess.StartAsync(_folder.Path);

    [Fact]
    public async Task ResolutionChange_MidSession_NewSessionAndEverySegmentsFramesMatchItsInit()
    {
        var (segments, reason) = await RecordAcrossTheChangeAsync("resized", new CameraStream(Switch: new VideoSwitch(TimeSpan.FromSeconds(8), VideoLoop.H264At360p)));

        var sessions = segments.GroupBy(s => s.SessionId).ToList();
        foreach (var segment in segments)
        {
            var stream = (await RtspProbe.PacketsAsync(segment.Path)).Stream("video");
            var frames = await RtspProbe.VideoFramesAsync(segment.Path, TimeSpan.FromMinutes(10));
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.Equal((stream.Width, stream.Height), (f.Width, f.Height)));
            Assert.Equal(segment.SessionId == sessions[0].Key ? (1280, 720) : (640, 360), (stream.Width, stream.Height));
        }

        Assert.Equal("StreamChanged", reason);
        await AssertPlaylistStartsANewRunAtTheChangeAsync("resized", segments);
    }

    [Fact]
    public async Task CodecChange_H264ToH265_NewSessionRecordsHvc1WithTheAudio()
    {
        var (segments, _) = await RecordAcrossTheChangeAsync("recoded", new CameraStream(Audio: CameraAudio.Pcmu, Switch: new VideoSwitch(TimeSpan.FromSeconds(8), VideoLoop.H265)));

        var first = segments[0].SessionId;
        foreach (var segment in segments)
        {
            var media = await RtspProbe.PacketsAsync(segment.Path);
            var video = media.Stream("video");
            Assert.Equal(segment.SessionId == first ? ("h264", "avc1") : ("hevc", "hvc1"), (video.CodecName, video.CodecTag));
            Assert.Equal("aac", media.Stream("audio").CodecName);
        }

        await AssertPlaylistStartsANewRunAtTheChangeAsync("recoded", segments);
    }

    /// <summary>
    /// Records until a later session than the first has a segment uploaded; returns all uploaded ones, in time
    /// order, and why the first session ended.
    /// </summary>
    private async Task<(IReadOnlyList<SegmentFiles.Manifest> Segments, string? Reason)> RecordAcrossTheChangeAsync(string instance, CameraStream stream)
    {
        await using var camera = await TestCamera.StartAsync(_folder.Path, stream: stream);
        var cache = Path.Combine(_folder.Path, "cache-" + instance);
        await _host.RecordAsync(instance, camera.Url, cache, topologyName: "CVR-" + instance, videoOnly: false);

        var segments = await Eventually.WaitAsync(
            () =>
            {
                var uploaded = SegmentFiles.InCache(cache).Where(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal)).OrderBy(s => s.Start).ToList();
                return Task.FromResult(uploaded.Select(s => s.SessionId).Distinct().Count() >= 2 ? (IReadOnlyList<SegmentFiles.Manifest>?)uploaded : null);
            },
            Eventually.Bound,
            $"{instance}: a segment of the session after the change is uploaded");
        var reason = (await _host.RecordingStatusAsync(instance))?["lastDisconnectReason"]?.GetValue<string>();
        await _host.DeactivateAsync(instance);
        return (segments, reason);
    }

    /// <summary>
    /// The playlist of the whole span starts a new run where the second session begins; the timeline splits
    /// there, and each range's playlist is read end to end by ffmpeg (whose HLS reader keeps the first run's
    /// codec: a player that follows a codec change across a discontinuity, as hls.js does, may take the whole span).
    /// </summary>
    private async Task AssertPlaylistStartsANewRunAtTheChangeAsync(string instance, IReadOnlyList<SegmentFiles.Manifest> segments)
    {
        var asset = CvrHostProcess.AssetName(instance, "CVR-" + instance);
        var playlist = await _host.Http.GetStringAsync(new Uri($"api/assets/{asset}/playlist.m3u8", UriKind.Relative));
        var ranges = await _host.AvailableMediaAsync(asset);

        var lines = playlist.Split('\n');
        var maps = lines.Select((line, i) => (line, i)).Where(x => x.line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)).ToList();
        Assert.True(maps.Count >= 2, playlist);
        Assert.Equal("#EXT-X-DISCONTINUITY", lines[maps[1].i - 1]);
        var secondSession = segments.First(s => s.SessionId != segments[0].SessionId);
        Assert.Contains(secondSession.FileName, maps[1].line, StringComparison.Ordinal);
        Assert.True(ranges.Count >= 2, $"{ranges.Count} range(s)");
        foreach (var (start, end) in ranges)
        {
            var url = await _host.PlaybackUrlAsync(asset, start, end);
            var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "null", "-"]);
            Assert.True(exitCode == 0, errors);
            Assert.True(string.IsNullOrWhiteSpace(errors), errors);
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }
}
