using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Clips;

/// <summary>Export jobs and <c>cvr export</c> on a real recording: made, downloaded whole or resumed, refused saying why.</summary>
[Collection(ClipCollection.Name)]
public sealed class ExportTests(ClipFixture recording) : IDisposable
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40);
    private readonly TemporaryFolder _folder = new();

    /// <summary>From 3 s into the first session's second segment to 7 s into its third.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) Range => (recording.First[1].Start + TimeSpan.FromSeconds(3), recording.First[2].Start + TimeSpan.FromSeconds(7));

    [Fact]
    public async Task Export_OfARange_RunsToCompletedAndItsClipLastsTheRange()
    {
        var (start, end) = Range;

        using var response = await PostAsync(new { start = Iso(start), end = Iso(end) });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"/api/exports/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Contains(created["state"]!.GetValue<string>(), new[] { "queued", "running", "completed" });
        var job = await CompletedAsync(created["id"]!.GetValue<string>());
        Assert.Equal(1.0, job["progress"]!.GetValue<double>());
        Assert.Equal("refuse", job["gaps"]!.GetValue<string>());
        Assert.True(job["expiresAt"]!.GetValue<DateTimeOffset>() > job["finishedAt"]!.GetValue<DateTimeOffset>());
        var clip = await DownloadAsync(job);
        Assert.Equal(job["bytes"]!.GetValue<long>(), new FileInfo(clip).Length);
        var duration = await VideoDurationAsync(clip);
        Assert.InRange(duration - (end - start), -Frame, Frame);
        await AssertDecodesCleanlyAsync(clip);
    }

    [Fact]
    public async Task ExportFile_AskedFromTheMiddle_SendsTheRestAndAWrongIfRangeSendsItWhole()
    {
        var job = await CompletedAsync(await CreateAsync(Range.Start, Range.End));
        var whole = await File.ReadAllBytesAsync(await DownloadAsync(job));
        var file = new Uri(job["file"]!.GetValue<string>(), UriKind.Relative);

        using var rest = new HttpRequestMessage(HttpMethod.Get, file);
        rest.Headers.Range = new RangeHeaderValue(1000, null);
        using var partial = await recording.Host.Http.SendAsync(rest);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(whole[1000..], await partial.Content.ReadAsByteArrayAsync());
        var etag = partial.Headers.ETag!;

        using var stale = new HttpRequestMessage(HttpMethod.Get, file);
        stale.Headers.Range = new RangeHeaderValue(1000, null);
        stale.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"another-file\""));
        using var full = await recording.Host.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(whole.Length, (await full.Content.ReadAsByteArrayAsync()).Length);
        Assert.NotEqual("\"another-file\"", etag.Tag);
    }

    [Fact]
    public async Task Export_OverTheGap_IsRefusedAtOnceUnlessGapsAreSkipped()
    {
        var before = recording.First[^1];
        var after = recording.Second[0];
        var (start, end) = (before.End - TimeSpan.FromSeconds(5), after.Start + TimeSpan.FromSeconds(5));

        using var refused = await PostAsync(new { start = Iso(start), end = Iso(end) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"from {Iso(before.End)} to {Iso(after.Start)}", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["gaps"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var job = await CompletedAsync(await CreateAsync(start, end, gaps: "skip"));
        Assert.Equal("skip", job["gaps"]!.GetValue<string>());
        Assert.InRange(await VideoDurationAsync(await DownloadAsync(job)) - TimeSpan.FromSeconds(10), -Frame, Frame);
    }

    [Fact]
    public async Task ExportDeleted_IsGoneWithItsClip()
    {
        var id = await CreateAsync(Range.Start, Range.End);
        var job = await CompletedAsync(id);
        var clipFile = Path.Combine(recording.Host.DataFolder, "exports", id + ".mp4");
        Assert.True(File.Exists(clipFile));

        using var deleted = await recording.Host.Http.DeleteAsync(new Uri($"api/exports/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(clipFile));
        using var gone = await recording.Host.Http.GetAsync(new Uri(job["file"]!.GetValue<string>(), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains($"no export job '{id}'", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WhoseMediaIsGoneWhenItIsMade_FailsSayingWhyAndTheNextIsMade()
    {
        // The first segment's bytes taken away (cache and store) after the catalog listed it; put back after.
        var segment = recording.First[0];
        var stored = Path.Combine(recording.Host.DataFolder, "assets", recording.Asset, segment.FileName);
        var moved = new[] { segment.Path, stored }.Where(File.Exists).Select(p => (From: p, To: _folder.File(Guid.NewGuid().ToString("N")))).ToList();
        Assert.Contains(moved, m => m.From == stored);
        moved.ForEach(m => File.Move(m.From, m.To));
        try
        {
            var id = await CreateAsync(segment.Start + TimeSpan.FromSeconds(1), segment.End - TimeSpan.FromSeconds(1));
            var failed = await Eventually.WaitAsync(
                async () =>
                {
                    var job = JsonNode.Parse(await recording.Host.Http.GetStringAsync(new Uri($"api/exports/{id}", UriKind.Relative)))!;
                    Assert.NotEqual("completed", job["state"]!.GetValue<string>());
                    return job["state"]!.GetValue<string>() == "failed" ? job : null;
                },
                TimeSpan.FromMinutes(2),
                "the export of media that is gone fails");

            Assert.Contains($"Segment '{segment.FileName}'", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Null(failed["file"]);
        }
        finally
        {
            moved.ForEach(m => File.Move(m.To, m.From));
        }

        await CompletedAsync(await CreateAsync(Range.Start, Range.End));
    }

    [Theory]
    [InlineData("not json", HttpStatusCode.BadRequest, "\"$\"")]
    [InlineData("[1]", HttpStatusCode.BadRequest, "must be a JSON object")]
    [InlineData("{\"end\": \"2026-01-01T00:00:10Z\"}", HttpStatusCode.BadRequest, "start is required")]
    [InlineData("{\"start\": 5, \"end\": \"2026-01-01T00:00:10Z\"}", HttpStatusCode.BadRequest, "start must be a string")]
    [InlineData("{\"start\": \"2026-01-01T00:00:00Z\", \"end\": \"2026-01-02T00:00:01Z\"}", HttpStatusCode.BadRequest, "at most 24 hours")]
    [InlineData("{\"start\": \"2026-01-01T00:00:00Z\", \"end\": \"2026-01-01T00:00:10Z\", \"format\": \"avi\"}", HttpStatusCode.BadRequest, "'format' is not a field")]
    [InlineData("{\"start\": \"2020-01-01T00:00:00Z\", \"end\": \"2020-01-01T00:00:10Z\"}", HttpStatusCode.NotFound, "Nothing is recorded")]
    public async Task Export_BadRequest_IsRefusedSayingWhy(string body, HttpStatusCode status, string why)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await recording.Host.Http.PostAsync(new Uri($"api/assets/{recording.Asset}/exports", UriKind.Relative), content);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(why, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/exports/0123456789abcdef0123456789abcdef")]
    [InlineData("api/exports/0123456789abcdef0123456789abcdef/clip.mp4")]
    public async Task Export_Unknown_Is404NamingIt(string path)
    {
        using var response = await recording.Host.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no export job '0123456789abcdef0123456789abcdef'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CvrExport_ShowsProgressAndSavesTheClip()
    {
        var (start, end) = Range;
        var output = _folder.File("door.mp4");

        var (code, said, errors) = await recording.Host.RunCliAsync("export", recording.Asset, "--start", Iso(start), "--end", Iso(end), "-o", output);

        Assert.True(code == 0, errors);
        Assert.Contains("making  [", errors, StringComparison.Ordinal);
        Assert.Contains("download [##############################] 100%", errors, StringComparison.Ordinal);
        Assert.StartsWith($"saved {output}: ", said.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(output + ".part"));
        Assert.False(File.Exists(output + ".export"));
        Assert.InRange(await VideoDurationAsync(output) - (end - start), -Frame, Frame);
    }

    [Fact]
    public async Task CvrExport_Interrupted_ContinuesTheDownloadWhereItStopped()
    {
        // What an interrupted run leaves: the job it made (FILE.export) and the first bytes of its clip (FILE.part).
        var (start, end) = Range;
        var output = _folder.File("resumed.mp4");
        var job = await CompletedAsync(await CreateAsync(start, end));
        var whole = await File.ReadAllBytesAsync(await DownloadAsync(job));
        await File.WriteAllBytesAsync(output + ".part", whole[..(whole.Length / 2)]);
        await File.WriteAllTextAsync(output + ".export", new JsonObject { ["Asset"] = recording.Asset, ["Start"] = Iso(start), ["End"] = Iso(end), ["Gaps"] = null, ["Id"] = job["id"]!.GetValue<string>() }.ToJsonString());

        var (code, said, errors) = await recording.Host.RunCliAsync("export", recording.Asset, "--start", Iso(start), "--end", Iso(end), "-o", output);

        Assert.True(code == 0, errors);
        Assert.Contains($"export {job["id"]}: continuing", said, StringComparison.Ordinal);
        Assert.Contains($"resuming the download at {(whole.Length / 2 / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} MB", said, StringComparison.Ordinal);
        Assert.Equal(whole, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task CvrExport_OfNothingRecorded_ExitsOneSayingWhy()
    {
        var (code, _, errors) = await recording.Host.RunCliAsync("export", recording.Asset, "--start", "2020-01-01T00:00:00Z", "--end", "2020-01-01T00:01:00Z", "-o", _folder.File("none.mp4"));

        Assert.Equal(1, code);
        Assert.Contains("Nothing is recorded from 2020-01-01T00:00:00", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("none.mp4")));
    }

    public void Dispose() => _folder.Dispose();

    private Task<HttpResponseMessage> PostAsync(object body) =>
        recording.Host.Http.PostAsJsonAsync(new Uri($"api/assets/{recording.Asset}/exports", UriKind.Relative), body);

    private async Task<string> CreateAsync(DateTimeOffset start, DateTimeOffset end, string? gaps = null)
    {
        using var response = await PostAsync(gaps is null ? new { start = Iso(start), end = Iso(end) } : new { start = Iso(start), end = Iso(end), gaps });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> CompletedAsync(string id) => await Eventually.WaitAsync(
        async () =>
        {
            var job = JsonNode.Parse(await recording.Host.Http.GetStringAsync(new Uri($"api/exports/{id}", UriKind.Relative)))!;
            Assert.NotEqual("failed", job["state"]!.GetValue<string>());
            return job["state"]!.GetValue<string>() == "completed" ? job : null;
        },
        TimeSpan.FromMinutes(2),
        $"export {id} is completed");

    private async Task<string> DownloadAsync(JsonNode job)
    {
        using var response = await recording.Host.Http.GetAsync(new Uri(job["file"]!.GetValue<string>(), UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", string.Join(',', response.Headers.AcceptRanges));
        var path = _folder.File($"export-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static async Task<TimeSpan> VideoDurationAsync(string path)
    {
        var (code, output, errors) = await Ffprobe.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=duration", "-of", "csv=p=0", path]);
        Assert.True(code == 0, errors);
        return TimeSpan.FromSeconds(double.Parse(output.Trim(), CultureInfo.InvariantCulture));
    }

    private static async Task AssertDecodesCleanlyAsync(string path)
    {
        var (code, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", path, "-f", "null", "-"]);
        Assert.True(code == 0, errors);
        Assert.True(string.IsNullOrWhiteSpace(errors), errors);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
