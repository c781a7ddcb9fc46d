using Cvr.Contracts.Events;

namespace Cvr.Uploader;

/// <summary>A sealed segment waiting for upload, and the cache it sits in.</summary>
public sealed record PendingSegment(SegmentDescriptor Segment, string CachePath);
