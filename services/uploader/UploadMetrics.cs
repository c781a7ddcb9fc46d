using System.Diagnostics.Metrics;
using Cvr.Contracts.Events;
using Cvr.Platform.Observability;

namespace Cvr.Uploader;

/// <summary>
/// The uploader's per-camera metrics (labels <see cref="CameraTags"/>): bytes uploaded, evictions and
/// retention deletions by reason, and from the <see cref="CacheStatusBoard"/> the upload lag, the backlog
/// and the outage headroom. Each instrument is defined here and only here.
/// </summary>
public sealed class UploadMetrics
{
    public const string MeterName = "Cvr.Uploader";

    private const string ReasonTag = "cvr.reason";

    private readonly Counter<long> _uploaded;
    private readonly Counter<long> _evictedSegments;
    private readonly Counter<long> _evictedBytes;
    private readonly Counter<long> _expired;

    public UploadMetrics(IMeterFactory meters, CacheStatusBoard board)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(board);
        var meter = meters.Create(MeterName);
        _uploaded = meter.CreateCounter<long>("cvr.upload.size", "By", "Bytes of video uploaded to the asset store");
        _evictedSegments = meter.CreateCounter<long>("cvr.cache.evicted_segments", "{segment}", "Segments dropped from the cache before upload, by reason (cvr.reason: CacheFull, DiskFull, Corrupt)");
        _evictedBytes = meter.CreateCounter<long>("cvr.cache.evicted_bytes", "By", "Bytes of video dropped from the cache before upload, by reason (cvr.reason)");
        _expired = meter.CreateCounter<long>("cvr.retention.deleted_segments", "{segment}", "Segments deleted from the asset store, by reason (cvr.reason: Retention, DiskFull)");
        meter.CreateObservableGauge(
            "cvr.upload.lag",
            () => board.All.Select(s => new Measurement<double>(s.UploadLagSeconds ?? 0, CameraTags.For(s.StreamId, s.AssetName))),
            "s",
            "Age of the oldest segment not uploaded yet (since its start); 0 when all are uploaded");
        meter.CreateObservableGauge(
            "cvr.cache.backlog",
            () => board.All.Select(s => new Measurement<long>(s.PendingUploadBytes, CameraTags.For(s.StreamId, s.AssetName))),
            "By",
            "Bytes in the cache not uploaded yet (sealed segments and what ffmpeg is writing)");
        meter.CreateObservableGauge(
            "cvr.cache.outage_headroom",
            () => from s in board.All where s.OutageHeadroomSeconds is not null select new Measurement<double>(s.OutageHeadroomSeconds!.Value, CameraTags.For(s.StreamId, s.AssetName)),
            "s",
            "How long an outage of the asset store the cache can still absorb at the camera's recent bitrate before it must drop video");
    }

    public void Uploaded(SegmentDescriptor segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        _uploaded.Add(segment.SizeBytes, CameraTags.For(segment.StreamId, segment.AssetName));
    }

    public void Evicted(SegmentDescriptor segment, long bytes, string reason)
    {
        ArgumentNullException.ThrowIfNull(segment);
        _evictedSegments.Add(1, CameraTags.For(segment.StreamId, segment.AssetName, ReasonTag, reason));
        _evictedBytes.Add(bytes, CameraTags.For(segment.StreamId, segment.AssetName, ReasonTag, reason));
    }

    public void Expired(SegmentDescriptor segment, string reason)
    {
        ArgumentNullException.ThrowIfNull(segment);
        _expired.Add(1, CameraTags.For(segment.StreamId, segment.AssetName, ReasonTag, reason));
    }
}
