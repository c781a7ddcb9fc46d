using Cvr.Testing;
using Cvr.Uploader;

namespace Cvr.UnitTests.Uploader;

/// <summary>
/// The queue of sealed segments waiting for upload, with segments sealed into real caches: oldest first
/// across caches, each segment once, and never one that is being evicted.
/// </summary>
public sealed class UploadQueueTests : IDisposable
{
    private readonly UploaderLab _lab = new();
    private readonly UploaderLab _otherCamera = new();
    private readonly UploadQueue _queue = new();

    [Fact]
    public async Task TakeOldestAsync_QueuedOutOfOrderFromTwoCaches_ComesOldestFirst()
    {
        var middle = await PendingAsync(_otherCamera, TimeSpan.FromSeconds(30));
        var newest = await PendingAsync(_lab, TimeSpan.FromSeconds(60));
        var oldest = await PendingAsync(_lab, TimeSpan.Zero);
        foreach (var pending in new[] { middle, newest, oldest })
        {
            Assert.True(_queue.Enqueue(pending));
        }

        Assert.Equal(3, _queue.Count);
        Assert.Equal(new[] { oldest, middle, newest }, new[] { await TakeAsync(), await TakeAsync(), await TakeAsync() });
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task Enqueue_QueuedOrInFlight_IsRefused()
    {
        var pending = await PendingAsync(_lab, TimeSpan.Zero);

        Assert.True(_queue.Enqueue(pending));
        Assert.False(_queue.Enqueue(pending)); // a rescan finds it again
        Assert.Equal(1, _queue.Count);
        Assert.Same(pending, await TakeAsync());
        Assert.False(_queue.Enqueue(pending));

        Assert.Equal(0, _queue.Count);
        Assert.Equal([pending.Segment.FileName], _queue.InFlight);
    }

    [Fact]
    public async Task Complete_Failed_PutsItBackAndSucceeded_LetsItGo()
    {
        var pending = await PendingAsync(_lab, TimeSpan.Zero);
        _queue.Enqueue(pending);

        _queue.Complete(await TakeAsync(), succeeded: false);
        Assert.Equal(1, _queue.Count);
        Assert.Empty(_queue.InFlight);

        _queue.Complete(await TakeAsync(), succeeded: true);
        Assert.Equal(0, _queue.Count);
        Assert.Empty(_queue.InFlight);
    }

    [Fact]
    public async Task TryBeginEviction_Queued_TakesItOutAndKeepsItOutUntilTheEvictionEnds()
    {
        var evicted = await PendingAsync(_lab, TimeSpan.Zero);
        var kept = await PendingAsync(_lab, TimeSpan.FromSeconds(30));
        _queue.Enqueue(evicted);
        _queue.Enqueue(kept);

        Assert.True(_queue.TryBeginEviction(evicted.Segment.FileName));
        Assert.False(_queue.Enqueue(evicted));
        Assert.Same(kept, await TakeAsync());

        _queue.EndEviction(evicted.Segment.FileName);
        Assert.True(_queue.Enqueue(evicted));
    }

    [Fact]
    public async Task TryBeginEviction_BeingUploaded_IsRefused()
    {
        var pending = await PendingAsync(_lab, TimeSpan.Zero);
        _queue.Enqueue(pending);
        await TakeAsync();

        Assert.False(_queue.TryBeginEviction(pending.Segment.FileName));
        Assert.Equal([pending.Segment.FileName], _queue.InFlight);
    }

    [Fact]
    public async Task TakeOldestAsync_NothingQueued_WaitsForTheNextSegment()
    {
        var taking = _queue.TakeOldestAsync(CancellationToken.None);
        Assert.False(taking.IsCompleted);
        var pending = await PendingAsync(_lab, TimeSpan.Zero);

        _queue.Enqueue(pending);

        Assert.Same(pending, await taking.WaitAsync(Eventually.Bound));
    }

    [Fact]
    public async Task TakeOldestAsync_OnlySegmentEvictedWhileQueued_KeepsWaitingUntilCancelled()
    {
        var pending = await PendingAsync(_lab, TimeSpan.Zero);
        _queue.Enqueue(pending);
        _queue.TryBeginEviction(pending.Segment.FileName);
        using var cancel = new CancellationTokenSource();

        var taking = _queue.TakeOldestAsync(cancel.Token);
        Assert.False(taking.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => taking);
        Assert.Empty(_queue.InFlight);
    }

    public void Dispose()
    {
        _lab.Dispose();
        _otherCamera.Dispose();
    }

    private static async Task<PendingSegment> PendingAsync(UploaderLab lab, TimeSpan start) =>
        new(await lab.SealAsync("video"u8.ToArray(), start, sequence: (long)(start / TimeSpan.FromSeconds(30))), lab.Layout.Root);

    private Task<PendingSegment> TakeAsync() => _queue.TakeOldestAsync(CancellationToken.None).WaitAsync(Eventually.Bound);
}
