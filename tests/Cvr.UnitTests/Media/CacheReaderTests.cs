using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.UnitTests.Media;

/// <summary>
/// The catalog's read-only view of a cache, on real folders: finished segments only, by name, and
/// never in the way of the owners moving or deleting them.
/// </summary>
public sealed class CacheReaderTests : IDisposable
{
    private const string Session = "20261201T120000000Z";
    private static readonly string Name = SegmentFileName.Format(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), Session, 0);
    private static readonly byte[] Bytes = [.. Enumerable.Range(0, 200_000).Select(i => (byte)i)];
    private readonly TemporaryFolder _folder = new();
    private readonly CacheLayout _layout;
    private readonly CacheReader _reader;

    public CacheReaderTests()
    {
        _layout = new CacheLayout(_folder.File("cache"));
        _reader = new CacheReader(_layout.Root);
    }

    [Theory]
    [InlineData("sealed")]
    [InlineData("uploaded")]
    public async Task OpenSegment_SealedOrUploaded_ReadsItsBytes(string stage)
    {
        Put(stage == "sealed" ? _layout.SealedFolder : _layout.UploadedFolder, Name);

        await using var stream = _reader.OpenSegment(Name);

        Assert.NotNull(stream);
        Assert.Equal(Bytes, await ReadAllAsync(stream));
    }

    [Fact]
    public void OpenSegment_NotInTheCache_IsNull()
    {
        Assert.Null(_reader.OpenSegment(Name)); // no folder at all
        Put(_layout.SealedFolder, SegmentFileName.Format(new DateTimeOffset(2026, 12, 1, 12, 0, 30, TimeSpan.Zero), Session, 1));

        Assert.Null(_reader.OpenSegment(Name));
    }

    [Theory]
    [InlineData("seg-000000.mp4")]
    [InlineData("../ingest/" + Session + "/seg-000000.mp4")]
    [InlineData("../../outside.mp4")]
    [InlineData("timing.csv")]
    public void OpenSegment_NameOfNoSegment_NeverOpensIt(string fileName)
    {
        // Files that exist, but in ingest/ (still ffmpeg's) or outside the cache.
        Put(_layout.SessionFolder(Session), "seg-000000.mp4");
        Put(_layout.SessionFolder(Session), "timing.csv");
        Put(_layout.SealedFolder, "seg-000000.mp4");
        Put(_layout.SealedFolder, "timing.csv");
        Put(_folder.Path, "outside.mp4");

        Assert.Null(_reader.OpenSegment(fileName));
    }

    [Fact]
    public async Task OpenSegment_UploaderMovesThenDeletesItWhileRead_ReadsToTheEnd()
    {
        Put(_layout.SealedFolder, Name);
        await using var stream = _reader.OpenSegment(Name);
        Assert.NotNull(stream);
        var head = new byte[1000];
        await stream.ReadExactlyAsync(head);

        // What the uploader does meanwhile: upload (a rename into uploaded/), later evict (a delete).
        Directory.CreateDirectory(_layout.UploadedFolder);
        File.Move(_layout.Sealed(Name), _layout.Uploaded(Name));
        File.Delete(_layout.Uploaded(Name));

        var rest = await ReadAllAsync(stream);
        Assert.Equal(Bytes, head.Concat(rest).ToArray());
        Assert.Null(_reader.OpenSegment(Name));
    }

    public void Dispose() => _folder.Dispose();

    private static void Put(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), Bytes);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
