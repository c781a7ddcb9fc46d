using Cvr.Media.Cache;
using Cvr.Uploader;

namespace Cvr.UnitTests.Uploader;

public sealed class UploaderStreamsTests : IDisposable
{
    private readonly UploaderLab _lab = new();

    [Fact]
    public async Task ForgetDrainedAsync_DeactivatedWithASegmentNotYetUploaded_KeepsTheStreamUntilItsCacheIsEmpty()
    {
        var segment = await _lab.SealAsync([1, 2, 3], TimeSpan.FromMinutes(-1));
        await _lab.Streams.RetireAsync(_lab.Stream.StreamId, _lab.Time.GetUtcNow(), CancellationToken.None);

        Assert.Empty(await _lab.Streams.ForgetDrainedAsync(CancellationToken.None));

        await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);
        Assert.Empty(await _lab.Streams.ForgetDrainedAsync(CancellationToken.None)); // its uploaded copy is still in the cache

        CacheEviction.DeleteUploadedCopy(_lab.Layout, segment.FileName);
        Assert.Equal([_lab.Stream.StreamId], await _lab.Streams.ForgetDrainedAsync(CancellationToken.None));
        Assert.Empty(await _lab.Streams.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ForgetDrainedAsync_DeactivatedWithASessionStillOpen_KeepsTheStream()
    {
        Directory.CreateDirectory(_lab.Layout.SessionFolder(SegmentFileName.NewSessionId(_lab.Time.GetUtcNow())));
        await _lab.Streams.RetireAsync(_lab.Stream.StreamId, _lab.Time.GetUtcNow(), CancellationToken.None);

        Assert.Empty(await _lab.Streams.ForgetDrainedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ForgetDrainedAsync_ForgottenStream_LeavesTheCacheStatusBoard()
    {
        _lab.Board.Update(_lab.Stream, [], _lab.Time.GetUtcNow());
        await _lab.Streams.RetireAsync(_lab.Stream.StreamId, _lab.Time.GetUtcNow(), CancellationToken.None);

        await _lab.Streams.ForgetDrainedAsync(CancellationToken.None);

        Assert.Empty(_lab.Board.All);
    }

    public void Dispose() => _lab.Dispose();
}
