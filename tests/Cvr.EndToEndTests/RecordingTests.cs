using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>A PT30S recording of the test camera, end to end, to the default folder asset store.</summary>
public class RecordingTests(RecordingFixture recording) : IClassFixture<RecordingFixture>
{
    private static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Recording_FullSegments_LastThirtySecondsGiveOrTakeOneGop()
    {
        foreach (var segment in FullSegments())
        {
            var duration = await Ffprobe.DurationAsync(segment.Path);

            Assert.InRange(duration, SegmentLength - TestCamera.Gop, SegmentLength + TestCamera.Gop);
            Assert.InRange((segment.End - segment.Start - duration).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public void Recording_FullSegments_StartInTheFirstGopAfterTheirUtcBoundary()
    {
        foreach (var segment in FullSegments())
        {
            var sinceBoundary = TimeSpan.FromTicks(segment.Start.UtcTicks % SegmentLength.Ticks);

            Assert.True(sinceBoundary < TestCamera.Gop, $"{segment.FileName} starts {sinceBoundary.TotalSeconds:F3} s after a :00/:30 boundary, or before one");
        }
    }

    [Fact]
    public async Task Recording_EveryKeyframeOfTheFirstThreeSegments_IsStampedWhenTheCameraSentIt()
    {
        // Identified by the MD5 of its picture against the loop, and matched with the camera's send log.
        var loop = await KeyframeStamps.LoopFingerprintsAsync(recording.Camera.LoopFile, gop: 50);
        var sends = CameraSends.Read(recording.Camera.SendLog!);
        var segments = recording.Segments.Take(3).ToList();
        Assert.Equal([0L, 1L, 2L], segments.Select(s => s.Sequence));

        foreach (var segment in segments)
        {
            var stamps = await KeyframeStamps.OfSegmentAsync(segment.Path, segment.Start, segment.End, loop, sends);
            var errors = stamps.Select(s => s.Error.TotalMilliseconds).Order().ToList();

            Assert.NotEmpty(errors);
            Assert.True(Math.Abs(errors[errors.Count / 2]) <= 100, $"{segment.FileName}: median error {errors[errors.Count / 2]:F1} ms ({string.Join(", ", errors.Select(e => e.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})");
            Assert.True(errors.All(e => Math.Abs(e) <= 200), $"{segment.FileName}: errors {string.Join(", ", errors.Select(e => e.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        }
    }

    [Fact]
    public async Task Segments_OfTheRecording_SayTheirClockIsTheHostsWithinBounds()
    {
        var segments = await recording.Host.SegmentsAsync(recording.Asset);

        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Equal("Host", s.ClockSource));
        Assert.All(segments, s => Assert.InRange(s.ClockErrorMs!.Value, -200, 200));
        var status = await recording.Host.RecordingStatusAsync(RecordingFixture.Instance);
        Assert.True(status!["clock"]!["withinBounds"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Segments_OfTheH264Camera_AreReportedAsAvc1AndThePlaybackUrlNamesIt()
    {
        var segments = await recording.Host.SegmentsAsync(recording.Asset);
        var master = await recording.Host.Http.GetStringAsync(await recording.Host.PlaybackUrlAsync(recording.Asset));

        Assert.All(segments, s => Assert.Matches("^avc1\\.[0-9a-f]{6}$", s.Codecs));
        Assert.Contains($"CODECS=\"{segments[0].Codecs}\",RESOLUTION=1280x720,", master, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_ConsecutiveSegments_Abut()
    {
        var segments = recording.Segments;
        for (var i = 1; i < segments.Count; i++)
        {
            Assert.Equal(segments[i - 1].SessionId, segments[i].SessionId);
            Assert.Equal(segments[i - 1].Sequence + 1, segments[i].Sequence);
            Assert.InRange((segments[i].Start - segments[i - 1].End).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task AvailableMedia_AbuttingSegments_MergeIntoOneRange()
    {
        var ranges = await recording.Host.AvailableMediaAsync(recording.Asset);

        var range = Assert.Single(ranges);
        Assert.True(range.Start <= recording.Segments[0].Start);
        Assert.True(range.End >= recording.Segments[^1].End);
    }

    [Fact]
    public async Task Playlist_OfTheRecordedRange_IsReadEndToEndByFfmpeg()
    {
        var first = recording.Segments[0];
        var last = recording.Segments[^1];
        var url = await recording.Host.PlaybackUrlAsync(recording.Asset, first.Start, last.End);

        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "null", "-"]);

        Assert.True(exitCode == 0, errors);
        Assert.True(string.IsNullOrWhiteSpace(errors), errors);
    }

    [Fact]
    public async Task Playlist_OfTheRecordedRange_CoversEverySegmentWithWallClockTimes()
    {
        var text = await recording.Host.Http.GetStringAsync(new Uri($"api/assets/{recording.Asset}/playlist.m3u8", UriKind.Relative));

        Assert.DoesNotContain("#EXT-X-DISCONTINUITY", text, StringComparison.Ordinal);
        foreach (var segment in recording.Segments)
        {
            Assert.Contains($"#EXT-X-PROGRAM-DATE-TIME:{segment.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Playlist_OfARangeInsideTwoSegments_ListsOnlyTheFragmentsWithinAndIsReadByFfmpeg()
    {
        var (first, second) = (FullSegments().First(), FullSegments().Last());
        var (start, end) = (first.Start + TimeSpan.FromSeconds(10.5), second.Start + TimeSpan.FromSeconds(5.5));
        var query = $"start={Uri.EscapeDataString(start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}&end={Uri.EscapeDataString(end.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}";

        var lines = (await recording.Host.Http.GetStringAsync(new Uri($"api/assets/{recording.Asset}/playlist.m3u8?{query}", UriKind.Relative))).Split('\n');
        var url = await recording.Host.PlaybackUrlAsync(recording.Asset, start, end);
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.ToString(), "-c", "copy", "-f", "null", "-"]);
        var duration = await Ffprobe.DurationAsync(url.ToString());

        Assert.Equal(2, lines.Count(l => l.Contains("/media.m4s?", StringComparison.Ordinal) && l.Contains("&from=", StringComparison.Ordinal)));
        var dates = lines.Where(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            .Select(l => DateTimeOffset.Parse(l["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(dates[0], start - TestCamera.Gop - TimeSpan.FromMilliseconds(100), start);
        var durations = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(durations[^1], (end - second.Start).TotalSeconds, (end - second.Start + TestCamera.Gop).TotalSeconds + 0.1);
        Assert.True(exitCode == 0 && string.IsNullOrWhiteSpace(errors), errors);
        Assert.InRange(duration, end - start - TimeSpan.FromMilliseconds(200), end - start + 2 * TestCamera.Gop + TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task PlaybackUrl_OfMoreThanADay_IsRefusedNamingEnd()
    {
        var start = recording.Segments[0].Start;
        var query = $"start={Uri.EscapeDataString(start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}&end={Uri.EscapeDataString(start.AddHours(25).UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}";

        using var url = await recording.Host.Http.PostAsync(new Uri($"api/assets/{recording.Asset}/playbackUrl?{query}", UriKind.Relative), null);
        using var playlist = await recording.Host.Http.GetAsync(new Uri($"api/assets/{recording.Asset}/playlist.m3u8?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, url.StatusCode);
        Assert.NotNull(JsonNode.Parse(await url.Content.ReadAsStringAsync())!["errors"]!["end"]);
        Assert.Equal(HttpStatusCode.BadRequest, playlist.StatusCode);
    }

    [Theory]
    [InlineData("from=0&to=999", "to")]
    [InlineData("from=2&to=1", "to")]
    [InlineData("from=-1", "from")]
    public async Task Fragments_OutsideTheSegment_AreRefusedNamingTheField(string query, string field)
    {
        var segment = FullSegments().First();

        using var response = await recording.Host.Http.GetAsync(new Uri($"api/assets/{recording.Asset}/segments/{segment.FileName}/media.m4s?offset=0&{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    private IEnumerable<SegmentFiles.Manifest> FullSegments() => recording.Segments.Where(s => s.Sequence >= 1).Take(2);
}
