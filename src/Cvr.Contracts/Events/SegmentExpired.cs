namespace Cvr.Contracts.Events;

/// <summary>
/// An uploaded segment is being deleted from the asset store: its asset's retention period has passed,
/// or the disk holding a folder asset store needed the space. Published before the blob is deleted, so
/// that the timeline never lists a range that is gone; everything of the asset up to its end goes.
/// </summary>
/// <param name="Segment">The segment.</param>
/// <param name="Reason">Retention or DiskFull.</param>
/// <param name="ExpiredAt">UTC time of the decision.</param>
public sealed record SegmentExpired(SegmentDescriptor Segment, string Reason, DateTimeOffset ExpiredAt) : IIntegrationEvent
{
    /// <summary>Older than the asset's retention period.</summary>
    public const string Retention = "Retention";

    /// <summary>Removed early to free the disk holding the folder asset store.</summary>
    public const string DiskFull = "DiskFull";

    public static string Topic => "segment-expired";

    public string IdempotencyKey => Segment.SegmentId;
}
