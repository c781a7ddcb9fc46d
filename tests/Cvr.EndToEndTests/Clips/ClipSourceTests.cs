using System.Globalization;
using System.Net;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Clips;

/// <summary>Where a clip's media comes from: the cache before upload, Azure Blob storage (Azurite) after.</summary>
public sealed class ClipSourceTests
{
    private const string Instance = "porch";
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task Clip_OfASegmentSealedInAStoreOutage_IsCutFromTheCacheAndAfterUploadTheSameFromAzure()
    {
        using var folder = new TemporaryFolder();
        await using var run = await StoreOutageFixture.StartAsync(Instance, cacheMiB: 2048);
        var asset = CvrHostProcess.AssetName(Instance);
        await run.StopStoreAsync();
        var waiting = await Eventually.WaitAsync(
            async () => (await run.Host.SegmentsAsync(asset)).FirstOrDefault(s => !s.Uploaded && SegmentFiles.InCache(run.Cache.CachePath).Any(m => m.FileName == s.FileName && m.Path.Contains("/sealed/", StringComparison.Ordinal))),
            Eventually.Bound,
            "the catalog lists a segment sealed while the store is down");
        var (start, end) = (waiting.Start + TimeSpan.FromSeconds(1), waiting.End - TimeSpan.FromSeconds(1));

        var fromCache = await ClipAsync(run.Host, asset, start, end, folder.File("cache.mp4"));

        Assert.InRange(await Ffprobe.DurationAsync(fromCache) - (end - start), -Frame, 2 * Frame);
        await run.RestoreStoreAsync();
        await Eventually.WaitAsync(
            async () => (await run.Host.SegmentsAsync(asset)).Any(s => s.FileName == waiting.FileName && s.Uploaded),
            Eventually.Bound,
            $"{waiting.FileName} is uploaded once the store is back");
        File.Delete(SegmentFiles.InCache(run.Cache.CachePath).Single(m => m.FileName == waiting.FileName).Path);
        var fromAzure = await ClipAsync(run.Host, asset, start, end, folder.File("azure.mp4"));
        Assert.Equal(await File.ReadAllBytesAsync(fromCache), await File.ReadAllBytesAsync(fromAzure));
        Assert.Contains(waiting.FileName, (await run.Azurite.BlobPutCountsAsync(asset)).Keys);
    }

    private static async Task<string> ClipAsync(CvrHostProcess host, string asset, DateTimeOffset start, DateTimeOffset end, string path)
    {
        using var response = await host.Http.GetAsync(new Uri($"api/assets/{asset}/clip.mp4?start={Iso(start)}&end={Iso(end)}", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
