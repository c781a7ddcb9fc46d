using System.Diagnostics.Metrics;
using Cvr.Contracts.Events;
using Cvr.Platform.Observability;

namespace Cvr.Segmenter;

/// <summary>The segmenter's per-camera metric: how long after a segment's end it was sealed.</summary>
public sealed class SealingMetrics
{
    public const string MeterName = "Cvr.Segmenter";

    private readonly Histogram<double> _latency;

    public SealingMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _latency = meters.Create(MeterName).CreateHistogram(
            "cvr.segment.seal_latency",
            "s",
            "From a segment's end (UTC, its last frame) to its sealing: ffmpeg closing it, the ingest timing it, the segmenter checking, hashing and moving it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600] });
    }

    public void Sealed(SegmentDescriptor segment, DateTimeOffset sealedAt)
    {
        ArgumentNullException.ThrowIfNull(segment);
        _latency.Record(Math.Max(0, (sealedAt - segment.End).TotalSeconds), CameraTags.For(segment.StreamId, segment.AssetName));
    }
}
