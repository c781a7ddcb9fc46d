using System.Globalization;
using System.Text;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;

namespace Cvr.Catalog.Playback;

/// <summary>
/// The HLS multivariant ("master") playlist of a range: one variant, its media playlist
/// (<see cref="HlsPlaylist"/>), with what a player decides by before it fetches any media: CODECS
/// (every codec of any segment: where the camera changed codec the media playlist starts a new run,
/// but the player must decode both), RESOLUTION (the largest picture), FRAME-RATE (the highest),
/// BANDWIDTH (the peak bitrate of a segment) and AVERAGE-BANDWIDTH. CODECS, RESOLUTION and FRAME-RATE
/// are left out when a segment's media is not known (recorded before Cvr described it): naming only
/// some of the codecs would make a player refuse the rest.
/// </summary>
public static class HlsMultivariantPlaylist
{
    /// <param name="segments">The range's segments, in time order.</param>
    /// <param name="mediaPlaylistUri">The media playlist of the same range, relative to this playlist's URL.</param>
    public static string Build(IReadOnlyList<SegmentDescriptor> segments, string mediaPlaylistUri)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(mediaPlaylistUri);
        var attributes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"BANDWIDTH={segments.Select(Bitrate).DefaultIfEmpty(0).Max()}"),
            string.Create(CultureInfo.InvariantCulture, $"AVERAGE-BANDWIDTH={AverageBitrate(segments)}"),
        };
        var media = segments.Aggregate((MediaSummary?)null, (summary, s) => MediaSummary.Add(summary, s.Media));
        if (media is not null && segments.All(s => s.Media is not null))
        {
            attributes.Add($"CODECS=\"{media.Codecs}\"");
            if (media is { Width: { } width, Height: { } height })
            {
                attributes.Add(string.Create(CultureInfo.InvariantCulture, $"RESOLUTION={width}x{height}"));
            }

            if (media.FrameRate is { } frameRate)
            {
                attributes.Add(string.Create(CultureInfo.InvariantCulture, $"FRAME-RATE={frameRate:F3}"));
            }
        }

        return new StringBuilder()
            .Append("#EXTM3U\n")
            .Append("#EXT-X-VERSION:7\n")
            .Append("#EXT-X-INDEPENDENT-SEGMENTS\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:{string.Join(',', attributes)}\n")
            .Append(mediaPlaylistUri).Append('\n')
            .ToString();
    }

    /// <summary>A segment's bits per second: as described when sealed, else its size over its duration.</summary>
    private static long Bitrate(SegmentDescriptor segment) =>
        segment.Media?.BitrateBps ?? (segment.Duration > TimeSpan.Zero ? (long)Math.Round(segment.SizeBytes * 8 / segment.Duration.TotalSeconds) : 0);

    private static long AverageBitrate(IReadOnlyList<SegmentDescriptor> segments)
    {
        var seconds = segments.Sum(s => s.Duration.TotalSeconds);
        return seconds > 0 ? (long)Math.Round(segments.Sum(s => s.SizeBytes) * 8 / seconds) : 0;
    }
}
