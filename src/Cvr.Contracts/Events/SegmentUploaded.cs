namespace Cvr.Contracts.Events;

/// <summary>A sealed segment is now stored in the asset store, exactly once.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="BlobName">Its name inside the asset (container).</param>
/// <param name="UploadedAt">UTC time the store confirmed it.</param>
public sealed record SegmentUploaded(SegmentDescriptor Segment, string BlobName, DateTimeOffset UploadedAt) : IIntegrationEvent
{
    public static string Topic => "segment-uploaded";

    public string IdempotencyKey => Segment.SegmentId;
}
