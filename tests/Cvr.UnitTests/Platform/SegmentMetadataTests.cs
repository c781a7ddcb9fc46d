using Cvr.Contracts.Events;
using Cvr.Platform.Storage;

namespace Cvr.UnitTests.Platform;

public class SegmentMetadataTests
{
    internal static readonly SegmentDescriptor Segment = new(
        "camera", "asset", "20261123T120000000Z", 3, new DateTimeOffset(2026, 11, 23, 12, 0, 30, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 23, 12, 1, 0, TimeSpan.Zero), 7_712_345, new string('a', 64),
        "20261123T120030.000Z_20261123T120000000Z_000003.mp4", new SegmentClock(ClockSource.Host, 0.4, -12.5));

    [Fact]
    public void Of_SegmentWithMedia_ReadsBackTheSameSegment()
    {
        var described = Segment with { Media = new SegmentMedia("avc1.4d401f,mp4a.40.2", 1280, 720, 29.97, 2_205_092) };

        var metadata = SegmentMetadata.Of(described);

        Assert.Equal("avc1.4d401f,mp4a.40.2", metadata[SegmentMetadata.Codecs]);
        Assert.Equal(("1280", "720", "29.97", "2205092"), (metadata[SegmentMetadata.Width], metadata[SegmentMetadata.Height], metadata[SegmentMetadata.FrameRate], metadata[SegmentMetadata.BitrateBps]));
        Assert.True(SegmentMetadata.TryRead(Blob(metadata), out var read));
        Assert.Equal(described, read);
    }

    [Fact]
    public void Of_AudioOnlySegment_LeavesOutWhatIsNotKnown()
    {
        var metadata = SegmentMetadata.Of(Segment with { Media = new SegmentMedia("mp4a.40.2", null, null, null, 64_000) });

        Assert.False(metadata.ContainsKey(SegmentMetadata.Width));
        Assert.False(metadata.ContainsKey(SegmentMetadata.FrameRate));
        Assert.True(SegmentMetadata.TryRead(Blob(metadata), out var read));
        Assert.Equal(new SegmentMedia("mp4a.40.2", null, null, null, 64_000), read!.Media);
    }

    [Fact]
    public void TryRead_BlobStoredBeforeMedia_IsTheSegmentWithMediaUnknown()
    {
        var metadata = SegmentMetadata.Of(Segment);

        Assert.False(metadata.ContainsKey(SegmentMetadata.Codecs));
        Assert.True(SegmentMetadata.TryRead(Blob(metadata), out var read));
        Assert.Equal(Segment, read);
        Assert.Null(read!.Media);
    }

    [Fact]
    public void TryRead_MalformedMediaNumbers_KeepsTheSegmentAndTheCodecsAndDropsTheNumbers()
    {
        var metadata = new Dictionary<string, string>(SegmentMetadata.Of(Segment with { Media = new SegmentMedia("avc1.640028", 1920, 1080, 25, 4_000_000) }))
        {
            [SegmentMetadata.Width] = "wide",
            [SegmentMetadata.Height] = "-1080",
            [SegmentMetadata.FrameRate] = "NaN",
            [SegmentMetadata.BitrateBps] = "99999999999999999999",
        };

        Assert.True(SegmentMetadata.TryRead(Blob(metadata), out var read));
        Assert.Equal(new SegmentMedia("avc1.640028", null, null, null, null), read!.Media);
    }

    [Theory]
    [InlineData("seg-000003.mp4")]
    [InlineData(".DS_Store")]
    [InlineData("notes.txt")]
    public void TryRead_BlobNotNamedAsASegment_IsForeignEvenWithSegmentMetadata(string name)
    {
        var blob = new AssetBlob(Segment.AssetName, name, Segment.SizeBytes, SegmentMetadata.Of(Segment));

        Assert.False(SegmentMetadata.TryRead(blob, out var read));
        Assert.Null(read);
    }

    [Fact]
    public void TryRead_SegmentNameWithoutMetadata_IsForeign()
    {
        Assert.False(SegmentMetadata.TryRead(Blob(new Dictionary<string, string>()), out _));
    }

    private static AssetBlob Blob(IReadOnlyDictionary<string, string> metadata) => new(Segment.AssetName, Segment.FileName, Segment.SizeBytes, metadata);
}
