using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cvr.Testing;
using Microsoft.Playwright;

namespace Cvr.EndToEndTests.Clips;

/// <summary>GET clip.mp4 of a real recording with audio: exact in time, moov first, playable; gaps refused or skipped.</summary>
[Collection(ClipCollection.Name)]
public sealed class ClipTests(ClipFixture recording) : IDisposable
{
    /// <summary>One frame of the test camera (25 fps).</summary>
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40);

    /// <summary>Frames into the first session's second segment where the clip starts: mid-GOP (a keyframe every 50 frames).</summary>
    private const int StartFrame = 138;

    private readonly TemporaryFolder _folder = new();

    /// <summary>From frame 138 of the first session's second segment to 10 s into its third: across a segment boundary.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) Across => (recording.First[1].Start + (StartFrame * Frame), recording.First[2].Start + TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Clip_AcrossTwoSegments_LastsTheRequestWithinOneFrame()
    {
        var (start, end) = Across;

        var probe = await ProbeAsync(await ClipAsync(start, end));

        var video = Stream(probe, "video");
        var audio = Stream(probe, "audio");
        var audioFrame = TimeSpan.FromSeconds(1024.0 / double.Parse(audio["sample_rate"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.InRange(Seconds(video["duration"]!) - (end - start), -Frame, Frame);
        Assert.InRange(Seconds(audio["duration"]!) - (end - start), -audioFrame, audioFrame);
        Assert.InRange(Seconds(probe["format"]!["duration"]!) - (end - start), -audioFrame, audioFrame);
        // In sync: both tracks begin at the clip's start (their edit lists), within an AAC frame of each other.
        Assert.InRange(Seconds(audio["start_time"]!) - Seconds(video["start_time"]!), -audioFrame, audioFrame);
    }

    [Fact]
    public async Task Clip_FirstDisplayedFrame_IsTheOneRecordedAtStart()
    {
        var (start, end) = Across;

        var clip = await FrameMd5sAsync(await ClipAsync(start, end), frames: 1);

        // The frame recorded at start by its time in the segment, not by its index: a camera on a loaded
        // machine may skip a frame.
        var recorded = await FrameMd5sAsync(recording.First[1].Path, frames: StartFrame + 10);
        var at = recorded.FindIndex(f => (f.Pts - recorded[0].Pts - (start - recording.First[1].Start)).Duration() < Frame / 2);
        Assert.True(at > 0, $"a frame was recorded {start - recording.First[1].Start} into the segment");
        Assert.Equal(recorded[at].Md5, clip[0].Md5);
        Assert.NotEqual(recorded[at - 1].Md5, clip[0].Md5); // the loop's neighbouring frames differ: the check can fail
        Assert.NotEqual(recorded[at + 1].Md5, clip[0].Md5);
    }

    [Fact]
    public async Task Clip_OfARecordingWithAudio_HoldsH264AndAac()
    {
        var (start, end) = Across;

        var probe = await ProbeAsync(await ClipAsync(start, end));

        Assert.Equal("h264", Stream(probe, "video")["codec_name"]!.GetValue<string>());
        Assert.Equal("aac", Stream(probe, "audio")["codec_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Clip_TopLevelBoxes_PutTheMoovBeforeTheMdat()
    {
        var (start, end) = Across;

        var boxes = TopLevelBoxes(await File.ReadAllBytesAsync(await ClipAsync(start, end)));

        Assert.Equal("ftyp", boxes[0]);
        Assert.Single(boxes, "moov");
        Assert.Single(boxes, "mdat");
        Assert.DoesNotContain("moof", boxes);
        Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), string.Join(' ', boxes));
    }

    [Fact]
    public async Task Clip_IsDecodedByFfmpegWithoutAnError()
    {
        var (start, end) = Across;

        await AssertDecodesCleanlyAsync(await ClipAsync(start, end));
    }

    [Fact]
    public async Task Clip_PlaysInChromiumsVideoElementForItsDuration()
    {
        var (start, end) = Across;
        var clip = await ClipAsync(start, end);
        var page = _folder.File("clip.html");
        await File.WriteAllTextAsync(page, $"<video id=\"v\" src=\"{Path.GetFileName(clip)}\" muted autoplay></video>");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var tab = await browser.NewPageAsync();

        await tab.GotoAsync(new Uri(page).AbsoluteUri);
        await tab.WaitForFunctionAsync("() => { const v = document.getElementById('v'); return v.error !== null || v.currentTime > 1; }", null, new PageWaitForFunctionOptions { Timeout = (float)Eventually.Bound.TotalMilliseconds });

        Assert.Null(await tab.EvaluateAsync<string?>("() => document.getElementById('v').error?.message ?? null"));
        var duration = TimeSpan.FromSeconds(await tab.EvaluateAsync<double>("() => document.getElementById('v').duration"));
        // The longest track's: AAC audio may end up to an AAC frame (23 ms) past the last video frame's end.
        Assert.InRange(duration - (end - start), -Frame, 2 * Frame);
    }

    [Fact]
    public async Task Clip_Metadata_SaysItsWallClockStart()
    {
        var (start, end) = Across;

        var tags = (await ProbeAsync(await ClipAsync(start, end)))["format"]!["tags"]!;

        var creation = DateTimeOffset.Parse(tags["creation_time"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.Equal(start.ToUnixTimeSeconds(), creation.ToUnixTimeSeconds()); // mvhd counts whole seconds
        Assert.Contains($"start={Iso(start)}", tags["comment"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("gaps=", tags["comment"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clip_OverTheGapBetweenSessions_Is400NamingTheGap()
    {
        var (start, end, gapStart, gapEnd) = OverTheGap();

        using var response = await recording.Host.Http.GetAsync(ClipUri(start, end));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = problem["errors"]!["gaps"]![0]!.GetValue<string>();
        Assert.Contains($"from {Iso(gapStart)} to {Iso(gapEnd)}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clip_OverTheGapWithGapsSkipped_JoinsBothSessionsAndListsTheGap()
    {
        var (start, end, gapStart, gapEnd) = OverTheGap();

        var clip = await ClipAsync(start, end, gaps: "skip");

        var probe = await ProbeAsync(clip);
        var expected = (end - start) - (gapEnd - gapStart);
        Assert.InRange(Seconds(Stream(probe, "video")["duration"]!) - expected, -Frame, Frame);
        Assert.Contains($"gaps={Iso(gapStart)}/{Iso(gapEnd)}", probe["format"]!["tags"]!["comment"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertDecodesCleanlyAsync(clip);
    }

    [Fact]
    public async Task Clip_OfASegmentOnlyInTheAssetStore_IsCutFromTheStore()
    {
        // The first segment is uploaded; without its cache copy the catalog reads the store's. No other test cuts it.
        var segment = recording.First[0];
        File.Delete(segment.Path);

        var probe = await ProbeAsync(await ClipAsync(segment.Start, segment.End));

        Assert.InRange(Seconds(Stream(probe, "video")["duration"]!) - (segment.End - segment.Start), -Frame, Frame);
    }

    [Fact]
    public async Task Clip_OnceSent_LeavesNoTemporaryFile()
    {
        var (start, end) = Across;
        var clips = Path.Combine(recording.Host.DataFolder, "clips");

        await ClipAsync(start, end);

        await Eventually.WaitAsync(() => Task.FromResult(Directory.Exists(clips) && Directory.GetFiles(clips).Length == 0), TimeSpan.FromSeconds(30), $"{clips} is empty");
    }

    [Theory]
    [InlineData("2026-01-01T00:00:10Z", "2026-01-01T00:00:00Z", null, HttpStatusCode.BadRequest, "later than start")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:10:01Z", null, HttpStatusCode.BadRequest, "/exports makes clips of up to 24 hours")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z", "maybe", HttpStatusCode.BadRequest, "gaps must be")]
    [InlineData("2020-01-01T00:00:00Z", "2020-01-01T00:00:10Z", null, HttpStatusCode.NotFound, "Nothing is recorded")]
    public async Task Clip_BadRequest_IsRefusedSayingWhy(string start, string end, string? gaps, HttpStatusCode status, string why)
    {
        using var response = await recording.Host.Http.GetAsync(new Uri($"api/assets/{recording.Asset}/clip.mp4?start={start}&end={end}{(gaps is null ? "" : "&gaps=" + gaps)}", UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(why, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clip_OfAnUnknownAsset_Is404()
    {
        using var response = await recording.Host.Http.GetAsync(new Uri("api/assets/no-such-asset/clip.mp4?start=2026-01-01T00:00:00Z&end=2026-01-01T00:00:10Z", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Half of the first session's last segment, the gap, half of the second session's first; and the gap.</summary>
    private (DateTimeOffset Start, DateTimeOffset End, DateTimeOffset GapStart, DateTimeOffset GapEnd) OverTheGap()
    {
        var before = recording.First[^1];
        var after = recording.Second[0];
        return (before.End - ((before.End - before.Start) / 2), after.Start + ((after.End - after.Start) / 2), before.End, after.Start);
    }

    private Uri ClipUri(DateTimeOffset start, DateTimeOffset end, string? gaps = null) =>
        new($"api/assets/{recording.Asset}/clip.mp4?start={Uri.EscapeDataString(Iso(start))}&end={Uri.EscapeDataString(Iso(end))}{(gaps is null ? "" : "&gaps=" + gaps)}", UriKind.Relative);

    private async Task<string> ClipAsync(DateTimeOffset start, DateTimeOffset end, string? gaps = null)
    {
        using var response = await recording.Host.Http.GetAsync(ClipUri(start, end, gaps));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(_folder.Path, $"clip-{Guid.NewGuid():N}.mp4");
        await using (var file = File.Create(path))
        {
            await response.Content.CopyToAsync(file);
        }

        return path;
    }

    private static async Task<JsonNode> ProbeAsync(string path)
    {
        var (code, output, errors) = await Ffprobe.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,duration,start_time,sample_rate:format=duration:format_tags", "-of", "json", path]);
        Assert.True(code == 0, errors);
        return JsonNode.Parse(output)!;
    }

    private static JsonNode Stream(JsonNode probe, string type) =>
        probe["streams"]!.AsArray().Single(s => s!["codec_type"]!.GetValue<string>() == type)!;

    private static TimeSpan Seconds(JsonNode value) => TimeSpan.FromSeconds(double.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture));

    /// <summary>The first frames ffmpeg displays, in order: each one's time and picture MD5.</summary>
    private static async Task<List<(TimeSpan Pts, string Md5)>> FrameMd5sAsync(string path, int frames)
    {
        var (code, output, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-f", "framemd5", "-"]);
        Assert.True(code == 0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeBase = lines.Single(l => l.StartsWith("#tb 0:", StringComparison.Ordinal))["#tb 0:".Length..].Trim().Split('/');
        var tick = TimeSpan.FromSeconds(double.Parse(timeBase[0], CultureInfo.InvariantCulture) / double.Parse(timeBase[1], CultureInfo.InvariantCulture));
        return [.. lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(',')).Select(f => (long.Parse(f[2].Trim(), CultureInfo.InvariantCulture) * tick, f[^1].Trim()))];
    }

    private static async Task AssertDecodesCleanlyAsync(string path)
    {
        var (code, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", path, "-f", "null", "-"]);
        Assert.True(code == 0, errors);
        Assert.True(string.IsNullOrWhiteSpace(errors), errors);
    }

    private static List<string> TopLevelBoxes(byte[] file)
    {
        var boxes = new List<string>();
        long offset = 0;
        while (offset + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)offset));
            boxes.Add(System.Text.Encoding.ASCII.GetString(file, (int)offset + 4, 4));
            size = size == 1 ? (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)offset + 8)) : size == 0 ? file.Length - offset : size;
            offset += size;
        }

        return boxes;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
