using System.Diagnostics;
using Cvr.Contracts.Events;

namespace Cvr.Platform.Observability;

/// <summary>
/// The spans of one segment's journey: <c>segment seal</c> (the segmenter, the trace's root), then
/// <c>segment upload</c> (the uploader), each publishing its event inside it; the subscribers' spans
/// (<see cref="Messaging.MessageTracing"/>) continue the same trace, so sealed → uploaded → cataloged is one trace.
/// </summary>
public static class SegmentJourney
{
    public const string SourceName = "Cvr.Segments";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartSeal(StreamDescriptor stream, string sessionId, long sequence)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var activity = Source.StartActivity("segment seal", ActivityKind.Internal, parentContext: default);
        activity?.SetTag(CameraTags.Instance, stream.StreamId);
        activity?.SetTag(CameraTags.Asset, stream.AssetName);
        activity?.SetTag("cvr.segment.id", $"{stream.StreamId}/{sessionId}/{sequence}");
        return activity;
    }

    /// <param name="parent">The traceparent of the delivery that queued the segment; a new trace without one (a segment found on disk after a restart).</param>
    public static Activity? StartUpload(SegmentDescriptor segment, string? parent)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var context = ActivityContext.TryParse(parent, null, isRemote: false, out var parsed) ? parsed : default;
        var activity = Source.StartActivity("segment upload", ActivityKind.Internal, context);
        activity?.SetTag(CameraTags.Instance, segment.StreamId);
        activity?.SetTag(CameraTags.Asset, segment.AssetName);
        activity?.SetTag("cvr.segment.id", segment.SegmentId);
        return activity;
    }
}
