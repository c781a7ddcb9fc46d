using Cvr.Contracts.Events;
using Cvr.Uploader;

namespace Cvr.UnitTests.Uploader;

public sealed class RetentionWorkerTests : IDisposable
{
    private readonly UploaderLab _lab = new();

    [Fact]
    public async Task ApplyAsync_SegmentsOlderThanTheRetention_AreAnnouncedThenDeletedOldestFirst()
    {
        var segments = new List<SegmentDescriptor>();
        foreach (var (minutesAgo, sequence) in new[] { (10, 0L), (6, 1L), (2, 2L) })
        {
            var segment = await _lab.SealAsync([(byte)sequence], TimeSpan.FromMinutes(-minutesAgo), sequence);
            await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);
            segments.Add(segment);
        }

        await File.WriteAllTextAsync(Path.Combine(_lab.Store.Root, "asset", ".DS_Store"), "not ours");
        _lab.Publisher.Published.Clear();

        var deleted = await _lab.Retention(hostDefault: TimeSpan.FromMinutes(5)).ApplyAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal([segments[0].FileName, segments[1].FileName], _lab.Publisher.Published.Select(p => ((SegmentExpired)p.Event).Segment.FileName));
        Assert.All(_lab.Publisher.Published, p => Assert.True(p.FileExisted, "announced after the local copy was gone"));
        var left = await _lab.Store.ListAsync("asset", CancellationToken.None).Select(b => b.Name).ToListAsync();
        Assert.Equal([".DS_Store", segments[2].FileName], left);
        Assert.Null(_lab.Layout.Find(segments[0].FileName));
    }

    [Fact]
    public async Task ApplyAsync_NoRetentionAnywhere_KeepsEverything()
    {
        var segment = await _lab.SealAsync([1], TimeSpan.FromDays(-400));
        await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);

        Assert.Equal(0, await _lab.Retention().ApplyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_StreamsOwnRetention_WinsOverTheHostDefault()
    {
        await _lab.Streams.RegisterAsync(_lab.Stream with { RetentionPeriod = TimeSpan.FromMinutes(1) }, _lab.Time.GetUtcNow(), CancellationToken.None);
        var segment = await _lab.SealAsync([1], TimeSpan.FromMinutes(-3));
        await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);

        Assert.Equal(1, await _lab.Retention(hostDefault: TimeSpan.FromDays(30)).ApplyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_StreamForgottenAfterItsDeactivation_KeepsApplyingItsOwnRetention()
    {
        await _lab.Streams.RegisterAsync(_lab.Stream with { RetentionPeriod = TimeSpan.FromDays(1) }, _lab.Time.GetUtcNow(), CancellationToken.None);
        var segment = await _lab.SealAsync([1], TimeSpan.FromMinutes(-3));
        await _lab.Uploader().UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);
        CacheEviction.DeleteUploadedCopy(_lab.Layout, segment.FileName); // as the local retention does
        await _lab.Streams.RetireAsync(_lab.Stream.StreamId, _lab.Time.GetUtcNow().AddSeconds(1), CancellationToken.None);
        Assert.Equal([_lab.Stream.StreamId], await _lab.Streams.ForgetDrainedAsync(CancellationToken.None));

        Assert.Equal(0, await _lab.Retention(hostDefault: TimeSpan.FromMinutes(1)).ApplyAsync(CancellationToken.None));
    }

    public void Dispose() => _lab.Dispose();
}
