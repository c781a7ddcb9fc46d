using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The media of a span of segments: every codec any of them holds, the largest picture, the highest
/// frame rate and the highest bitrate. Within one range of available media the codecs and picture size
/// are those of each segment (ranges never join segments whose media differ).
/// </summary>
/// <param name="Codecs">RFC 6381 codecs strings, comma-separated, each once, in the order they appear.</param>
/// <param name="Width">The width of the largest picture, in pixels; null without video.</param>
/// <param name="Height">The height of the largest picture, in pixels; null without video.</param>
/// <param name="FrameRate">The highest frame rate of a segment, frames per second.</param>
/// <param name="PeakBitrateBps">The highest bitrate of a segment, bits per second.</param>
public sealed record MediaSummary(string Codecs, int? Width, int? Height, double? FrameRate, long? PeakBitrateBps)
{
    /// <summary>This summary with one more segment's media in it; segments whose media is not known add nothing.</summary>
    public static MediaSummary? Add(MediaSummary? summary, SegmentMedia? media)
    {
        if (media is null)
        {
            return summary;
        }

        if (summary is null)
        {
            return new MediaSummary(media.Codecs, media.Width, media.Height, media.FrameRate, media.BitrateBps);
        }

        var codecs = summary.Codecs.Split(',').Union(media.Codecs.Split(','), StringComparer.Ordinal);
        var larger = (long)(media.Width ?? 0) * (media.Height ?? 0) > (long)(summary.Width ?? 0) * (summary.Height ?? 0);
        return new MediaSummary(
            string.Join(',', codecs),
            larger ? media.Width : summary.Width,
            larger ? media.Height : summary.Height,
            Max(summary.FrameRate, media.FrameRate),
            Max(summary.PeakBitrateBps, media.BitrateBps));
    }

    private static T? Max<T>(T? a, T? b)
        where T : struct, IComparable<T> =>
        a is { } x && b is { } y ? (x.CompareTo(y) >= 0 ? x : y) : a ?? b;
}
