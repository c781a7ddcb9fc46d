using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Uploader;

namespace Cvr.UnitTests.Uploader;

public sealed class SegmentUploaderTests : IDisposable
{
    private readonly UploaderLab _lab = new();

    [Fact]
    public async Task UploadAsync_Sealed_StoresAnnouncesThenMovesVideoAndManifest()
    {
        var segment = await _lab.SealAsync("video"u8.ToArray(), TimeSpan.Zero);

        var outcome = await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);

        Assert.Equal(UploadOutcome.Uploaded, outcome);
        var (uploaded, fileExisted) = Assert.Single(_lab.Publisher.Published);
        Assert.IsType<SegmentUploaded>(uploaded);
        Assert.True(fileExisted);
        Assert.True(File.Exists(_lab.Layout.Uploaded(segment.FileName)));
        Assert.True(File.Exists(CacheLayout.ManifestOf(_lab.Layout.Uploaded(segment.FileName))));
        Assert.Single(await _lab.Store.ListAsync(segment.AssetName, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task UploadAsync_BytesNoLongerMatchTheirHash_IsCorruptAndNeverStored()
    {
        var segment = await _lab.SealAsync("video"u8.ToArray(), TimeSpan.Zero);
        await File.WriteAllBytesAsync(_lab.Layout.Sealed(segment.FileName), new byte[5]); // zeros, as a bad disk returns

        var outcome = await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);

        Assert.Equal(UploadOutcome.Corrupt, outcome);
        Assert.Empty(await _lab.Store.ListAsync(segment.AssetName, CancellationToken.None).ToListAsync());
        Assert.Empty(_lab.Publisher.Published);
    }

    [Fact]
    public async Task UploadAsync_StoreHoldsOtherBytesUnderTheName_AnnouncesTheStoredOneAndDropsTheLocalCopy()
    {
        // Sealed again after a crash: same name, other bytes. The stored segment stands.
        var stored = await _lab.SealAsync("first version"u8.ToArray(), TimeSpan.Zero);
        await _lab.Uploader().UploadAsync(new PendingSegment(stored, _lab.Layout.Root), CancellationToken.None);
        File.Delete(_lab.Layout.Uploaded(stored.FileName));
        var again = await _lab.SealAsync("second version"u8.ToArray(), TimeSpan.Zero);

        var outcome = await _lab.Uploader().UploadAsync(new PendingSegment(again, _lab.Layout.Root), CancellationToken.None);

        Assert.Equal(UploadOutcome.Conflict, outcome);
        var announced = Assert.IsType<SegmentUploaded>(_lab.Publisher.Published[^1].Event);
        Assert.Equal(stored.Sha256, announced.Segment.Sha256);
        Assert.Null(_lab.Layout.Find(again.FileName));
        Assert.False(File.Exists(CacheLayout.ManifestOf(_lab.Layout.Sealed(again.FileName))));
    }

    [Fact]
    public async Task DropAsync_AnnouncesTheEvictionWhileTheVideoIsStillThere_ThenDeletesIt()
    {
        var segment = await _lab.SealAsync("video"u8.ToArray(), TimeSpan.Zero);

        var dropped = await _lab.Eviction().DropAsync(segment.StreamId, _lab.Layout, segment.FileName, SegmentEvicted.DiskFull, CancellationToken.None);

        Assert.True(dropped);
        var (evicted, fileExisted) = Assert.Single(_lab.Publisher.Published);
        Assert.Equal(SegmentEvicted.DiskFull, Assert.IsType<SegmentEvicted>(evicted).Reason);
        Assert.True(fileExisted, "announced after the delete: a crash in between would lose the gap");
        Assert.Null(_lab.Layout.Find(segment.FileName));
        Assert.False(File.Exists(CacheLayout.ManifestOf(_lab.Layout.Sealed(segment.FileName))));
    }

    public void Dispose() => _lab.Dispose();
}
