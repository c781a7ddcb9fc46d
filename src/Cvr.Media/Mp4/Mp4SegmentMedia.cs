using Cvr.Contracts.Events;

namespace Cvr.Media.Mp4;

/// <summary>
/// A segment's media facts (<see cref="SegmentMedia"/>) from its index: the codecs of every track with
/// the video's first, the video's picture size and frame rate, and the bitrate of the complete file
/// over the segment's duration (both taken from the video track, as the segment's times are).
/// </summary>
public static class Mp4SegmentMedia
{
    /// <returns>Null when the index declares no track with a sample entry (no moov, or an empty one).</returns>
    public static SegmentMedia? Describe(Mp4SegmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var codecs = index.Tracks.OrderBy(t => t.IsVideo ? 0 : 1)
            .Select(t => t.Codec ?? t.SampleEntry)
            .Where(c => c.Length > 0)
            .ToList();
        if (codecs.Count == 0)
        {
            return null;
        }

        var video = index.Video;
        var duration = index.Duration.TotalSeconds;
        return new SegmentMedia(
            string.Join(',', codecs),
            video?.Width is > 0 ? video.Width : null,
            video?.Height is > 0 ? video.Height : null,
            video is null ? null : FrameRate(index, video.TrackId),
            duration > 0 ? (long)Math.Round(index.CompleteLength * 8 / duration) : null);
    }

    private static double? FrameRate(Mp4SegmentIndex index, uint trackId)
    {
        var seconds = index.TrackDuration(trackId).TotalSeconds;
        var frames = index.SampleCount(trackId);
        return seconds > 0 && frames > 0 ? Math.Round(frames / seconds, 3) : null;
    }
}
