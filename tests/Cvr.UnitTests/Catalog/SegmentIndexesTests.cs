using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Mp4;
using Cvr.Platform.Sqlite;
using Cvr.Testing;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Catalog;

/// <summary>
/// The kept fragment index, on a real catalog file and a real ffmpeg segment: read on first use, then
/// served from the table; the second serve reads none of the bytes before the fragments it sends.
/// </summary>
public sealed class SegmentIndexesTests(FfmpegSegments segments) : IClassFixture<FfmpegSegments>, IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task OfAsync_SecondServe_ReadsNoByteBeforeTheFragments()
    {
        var indexes = new SegmentIndexes(new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db"))));
        var segment = Descriptor("sha-1");
        Mp4SegmentIndex first;
        await using (var file = File.OpenRead(segments.First))
        {
            first = await indexes.OfAsync(segment, file, CancellationToken.None);
        }

        await using var guarded = new ReadsFromStream(File.OpenRead(segments.First), first.Fragments[1].Offset);
        var second = await indexes.OfAsync(segment, guarded, CancellationToken.None);
        using var served = new MemoryStream();
        await FragmentTimeShifter.CopyShiftedAsync(guarded, second, TimeSpan.Zero, 1..3, served, CancellationToken.None);

        Assert.Equal(first.Fragments.Select(f => f.End), second.Fragments.Select(f => f.End));
        Assert.Equal(first.Fragments[2].End - first.Fragments[1].Offset, served.Length);
        Assert.Equal(FragmentTimeShifter.OutputLength(second, 1..3), served.Length);
    }

    [Fact]
    public async Task OfAsync_NothingKept_ReadsTheSegment()
    {
        var indexes = new SegmentIndexes(new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db"))));
        await using var guarded = new ReadsFromStream(File.OpenRead(segments.First), 1);

        // The guard must be able to fail: with nothing kept, the index is read from the file's start.
        await Assert.ThrowsAsync<InvalidOperationException>(() => indexes.OfAsync(Descriptor("sha-1"), guarded, CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_SegmentReplacedByOtherBytes_FindsNothing()
    {
        var indexes = new SegmentIndexes(new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db"))));
        await using (var file = File.OpenRead(segments.First))
        {
            await indexes.OfAsync(Descriptor("sha-1"), file, CancellationToken.None);
        }

        Assert.NotNull(await indexes.FindAsync(Descriptor("sha-1"), CancellationToken.None));
        Assert.Null(await indexes.FindAsync(Descriptor("sha-2"), CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_SegmentForgottenByRetention_FindsNothing()
    {
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        var indexes = new SegmentIndexes(catalog);
        var segment = Descriptor("sha-1");
        await catalog.UpsertSegmentAsync(segment, uploaded: true, evicted: false, CancellationToken.None);
        await using (var file = File.OpenRead(segments.First))
        {
            await indexes.OfAsync(segment, file, CancellationToken.None);
        }

        await catalog.ForgetThroughAsync(segment.AssetName, segment.End, CancellationToken.None);

        Assert.Null(await indexes.FindAsync(segment, CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private static SegmentDescriptor Descriptor(string sha256) => TimelineTests.Segment("s1", 0, 0, 3) with { Sha256 = sha256 };

    /// <summary>A segment's bytes that refuse to be read before <paramref name="firstAllowed"/>: proof that no index is parsed.</summary>
    private sealed class ReadsFromStream(Stream inner, long firstAllowed) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Guard(() => inner.Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Guard(() => 0);
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() => inner.Flush();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Guard(Func<int> read) => inner.Position < firstAllowed
            ? throw new InvalidOperationException($"Read at {inner.Position}, before the fragments at {firstAllowed}.")
            : read();
    }
}
