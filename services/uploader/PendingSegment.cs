using Cvr.Contracts.Events;

namespace Cvr.Uploader;

/// <summary>A sealed segment waiting for upload, the cache it sits in, and the trace of its sealing (null when found on disk).</summary>
public sealed record PendingSegment(SegmentDescriptor Segment, string CachePath, string? TraceParent = null);
