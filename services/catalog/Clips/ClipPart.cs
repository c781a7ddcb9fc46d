using Cvr.Contracts.Events;

namespace Cvr.Catalog.Clips;

/// <summary>One segment of a clip and where its video starts on the timeline fed to ffmpeg.</summary>
public sealed record ClipPart(SegmentDescriptor Segment, TimeSpan FeedOffset);
