using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Observability;
using Cvr.UnitTests.Uploader;
using Cvr.Uploader;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cvr.UnitTests.Observability;

/// <summary>The uploader's per-camera metrics over a real cache and a folder asset store.</summary>
public sealed class UploadMetricsTests : IDisposable
{
    private const int SegmentBytes = 375_000; // 30 s at 100 kbit/s
    private readonly UploaderLab _lab = new();
    private readonly TestMeterFactory _meters = new();
    private readonly MeasurementLog _log;
    private readonly UploadMetrics _metrics;

    public UploadMetricsTests()
    {
        _log = new MeasurementLog(_meters);
        _metrics = new UploadMetrics(_meters, _lab.Board);
    }

    [Fact]
    public async Task Observe_SegmentWaitingSinceTenMinutes_ReportsLagBacklogAndHeadroom()
    {
        var segment = await _lab.SealAsync(new byte[SegmentBytes], TimeSpan.FromMinutes(-10));
        _lab.Board.RecordSealed(segment);

        _lab.Board.Update(_lab.Stream, CacheInventory.Read(_lab.Layout), _lab.Time.GetUtcNow());
        _log.Observe();

        var camera = new[] { (CameraTags.Instance, (object?)"camera"), (CameraTags.Asset, "asset") };
        Assert.Equal([600.0], _log.Values("cvr.upload.lag", camera));
        var backlog = Assert.Single(_log.Values("cvr.cache.backlog", camera));
        Assert.Equal(_lab.Board.All.Single().PendingUploadBytes, backlog);
        Assert.InRange(backlog, SegmentBytes, SegmentBytes + 4096); // the video and its manifest
        var headroom = (_lab.Stream.CacheMaximumSizeBytes - backlog) * 8 / 100_000.0; // 100 kbit/s
        Assert.Equal(headroom, Assert.Single(_log.Values("cvr.cache.outage_headroom", camera)), 3);
    }

    [Fact]
    public async Task Upload_Segment_CountsItsBytesAndLeavesNoLag()
    {
        var segment = await _lab.SealAsync(new byte[SegmentBytes], TimeSpan.FromMinutes(-1));
        var uploader = new SegmentUploader(_lab.Store, _lab.Publisher, _metrics, _lab.Time, NullLogger<SegmentUploader>.Instance);

        Assert.Equal(UploadOutcome.Uploaded, await uploader.UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None));
        _lab.Board.Update(_lab.Stream, CacheInventory.Read(_lab.Layout), _lab.Time.GetUtcNow());
        _log.Observe();

        Assert.Equal([(double)SegmentBytes], _log.Values("cvr.upload.size", (CameraTags.Instance, "camera")));
        Assert.Equal([0.0], _log.Values("cvr.upload.lag"));
    }

    [Fact]
    public async Task Expire_ByRetention_CountsADeletionWithItsReason()
    {
        var segment = await _lab.SealAsync(new byte[10], TimeSpan.FromDays(-40));
        var uploader = new SegmentUploader(_lab.Store, _lab.Publisher, _metrics, _lab.Time, NullLogger<SegmentUploader>.Instance);
        await uploader.UploadAsync(new PendingSegment(segment, _lab.Layout.Root), CancellationToken.None);
        var expiry = new StoreExpiry(_lab.Store, _lab.Publisher, _lab.Streams, _metrics, _lab.Time, NullLogger<StoreExpiry>.Instance);

        await expiry.ExpireAsync(segment, SegmentExpired.Retention, CancellationToken.None);

        Assert.Equal([1.0], _log.Values("cvr.retention.deleted_segments", ("cvr.reason", SegmentExpired.Retention), (CameraTags.Asset, "asset")));
    }

    public void Dispose()
    {
        _log.Dispose();
        _meters.Dispose();
        _lab.Dispose();
    }
}
