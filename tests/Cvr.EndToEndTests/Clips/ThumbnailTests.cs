using System.Globalization;
using System.Net;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Clips;

/// <summary>GET thumbnail.jpg of a real recording: the first keyframe of the segment at that time, made once and kept.</summary>
[Collection(ClipCollection.Name)]
public sealed class ThumbnailTests(ClipFixture recording) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Thumbnail_OfATimeInASegment_IsItsFirstKeyframeScaledAndKept()
    {
        var segment = recording.First[1];
        var reference = _folder.File("reference.jpg");
        // The segment's first frame (a keyframe), 320 wide, as the catalog's ffmpeg encodes it.
        var (made, _, why) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", segment.Path, "-map", "0:v:0", "-frames:v", "1", "-vf", "scale=320:-2", "-c:v", "mjpeg", "-q:v", "5", "-f", "image2", "-y", reference]);
        Assert.True(made == 0, why);

        using var response = await recording.Host.Http.GetAsync(Uri(segment.Start + TimeSpan.FromSeconds(12.3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var thumbnail = _folder.File("thumbnail.jpg");
        await File.WriteAllBytesAsync(thumbnail, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(await PictureMd5Async(reference), await PictureMd5Async(thumbnail));
        Assert.StartsWith("320x", await SizeAsync(thumbnail), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(recording.Host.DataFolder, "thumbnails", recording.Asset), $"{segment.FileName}.jpg"));

        using var again = await recording.Host.Http.GetAsync(Uri(segment.Start));
        Assert.Equal(await File.ReadAllBytesAsync(thumbnail), await again.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("yesterday", HttpStatusCode.BadRequest, "'yesterday' is not")]
    [InlineData(null, HttpStatusCode.BadRequest, "time is required")]
    [InlineData("2020-01-01T00:00:00Z", HttpStatusCode.NotFound, "is recorded at 2020-01-01")]
    public async Task Thumbnail_BadTime_IsRefusedSayingWhy(string? time, HttpStatusCode status, string why)
    {
        using var response = await recording.Host.Http.GetAsync(new Uri($"api/assets/{recording.Asset}/thumbnail.jpg{(time is null ? "" : "?time=" + time)}", UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(why, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thumbnail_InTheGapBetweenSessions_Is404()
    {
        var gap = recording.First[^1].End + ((recording.Second[0].Start - recording.First[^1].End) / 2);

        using var response = await recording.Host.Http.GetAsync(Uri(gap));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _folder.Dispose();

    private Uri Uri(DateTimeOffset time) =>
        new($"api/assets/{recording.Asset}/thumbnail.jpg?time={System.Uri.EscapeDataString(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}", UriKind.Relative);

    private static async Task<string> PictureMd5Async(string path)
    {
        var (code, output, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "md5", "-"]);
        Assert.True(code == 0, errors);
        return output.Trim();
    }

    private static async Task<string> SizeAsync(string path)
    {
        var (code, output, errors) = await Ffprobe.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=s=x:p=0", path]);
        Assert.True(code == 0, errors);
        return output.Trim();
    }
}
