namespace Cvr.Contracts.Events;

/// <summary>
/// A segment was closed, checked and indexed in the local media cache: it is complete and will not
/// change. Published only after the file is final, never for a file still being written.
/// </summary>
public sealed record SegmentSealed(SegmentDescriptor Segment, DateTimeOffset SealedAt) : IIntegrationEvent
{
    public static string Topic => "segment-sealed";

    public string IdempotencyKey => Segment.SegmentId;
}
