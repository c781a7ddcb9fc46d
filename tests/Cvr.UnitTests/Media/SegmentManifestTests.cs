using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.UnitTests.Media;

public class SegmentManifestTests
{
    private static readonly SegmentDescriptor Segment = new(
        "camera", "asset", "20261123T120000000Z", 3, new DateTimeOffset(2026, 11, 23, 12, 0, 30, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 23, 12, 1, 0, TimeSpan.Zero), 7_712_345, new string('a', 64), "20261123T120030.000Z_20261123T120000000Z_000003.mp4");

    [Fact]
    public async Task WriteAsync_SegmentWithMedia_ReadsBackWithItsMedia()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(Segment.FileName);
        var described = Segment with { Media = new SegmentMedia("hvc1.1.6.L93.B0,mp4a.40.2", 1280, 720, 25, 2_056_625) };

        await SegmentManifest.WriteAsync(path, described, CancellationToken.None);

        Assert.Equal(described, await SegmentManifest.ReadAsync(path, CancellationToken.None));
        Assert.Contains("\"media\":{\"codecs\":\"hvc1.1.6.L93.B0,mp4a.40.2\",\"width\":1280,\"height\":720,\"frameRate\":25,\"bitrateBps\":2056625}", await File.ReadAllTextAsync(CacheLayout.ManifestOf(path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ManifestWrittenBeforeMedia_ReadsWithMediaUnknown()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(Segment.FileName);
        await File.WriteAllTextAsync(CacheLayout.ManifestOf(path), """
            {"streamId":"camera","assetName":"asset","sessionId":"20261123T120000000Z","sequence":3,"start":"2026-11-23T12:00:30.000Z",
             "end":"2026-11-23T12:01:00.000Z","sizeBytes":7712345,"sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "fileName":"20261123T120030.000Z_20261123T120000000Z_000003.mp4","clock":null,"segmentId":"camera/20261123T120000000Z/3"}
            """);

        var read = await SegmentManifest.ReadAsync(path, CancellationToken.None);

        Assert.Equal(Segment, read);
        Assert.Null(read!.Media);
    }
}
