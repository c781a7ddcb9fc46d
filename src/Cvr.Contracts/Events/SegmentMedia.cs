namespace Cvr.Contracts.Events;

/// <summary>What a segment file holds, read once from the file by the service that sealed it.</summary>
/// <param name="Codecs">
/// The RFC 6381 codecs string of every track, video first, comma-separated as an HLS CODECS attribute
/// wants it: <c>avc1.64001f</c>, <c>hvc1.1.6.L93.B0,mp4a.40.2</c>. A track whose codec Cvr cannot spell
/// out is named by its sample entry's fourcc.
/// </param>
/// <param name="Width">The video's width in pixels; null without a video track.</param>
/// <param name="Height">The video's height in pixels; null without a video track.</param>
/// <param name="FrameRate">Video frames per second: the video track's samples over its duration, to 3 decimals; null without video.</param>
/// <param name="BitrateBps">The file's bits over the segment's duration, in bits per second; null when the duration is zero.</param>
public sealed record SegmentMedia(string Codecs, int? Width, int? Height, double? FrameRate, long? BitrateBps)
{
    /// <summary>
    /// Whether segments with these media can share one init section and timeline: the same codecs
    /// (profile and level included) and the same picture size. Media that is not known (segments
    /// recorded before Cvr described them) is taken to match, as it always was.
    /// </summary>
    public static bool CanFollow(SegmentMedia? previous, SegmentMedia? next) =>
        previous is null || next is null
        || (string.Equals(previous.Codecs, next.Codecs, StringComparison.Ordinal) && previous.Width == next.Width && previous.Height == next.Height);
}
