using System.Globalization;
using System.Text;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;

namespace Cvr.Catalog.Playback;

/// <summary>
/// An HLS VOD media playlist (fMP4) of segments: a run of contiguous segments shares one init section
/// and one timeline; every gap, new session or change of media (codec or picture size, even back to
/// back: <see cref="Timeline.Runs"/>) starts a new run behind EXT-X-DISCONTINUITY with its own
/// EXT-X-MAP. Every segment carries EXT-X-PROGRAM-DATE-TIME, so players show wall-clock time. Players
/// are given it through <see cref="HlsMultivariantPlaylist"/>, which names its codecs.
/// </summary>
public static class HlsPlaylist
{
    /// <param name="token">The playback token every media URI carries, so that players need no header.</param>
    /// <param name="trims">
    /// By file name, the segments (the first and last of a range) of which only some fragments are listed:
    /// their entry names just those (media.m4s?…&amp;from=&amp;to=), with their duration and start.
    /// </param>
    public static string Build(IReadOnlyList<SegmentDescriptor> segments, string token, IReadOnlyDictionary<string, SegmentTrim>? trims = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        var query = Uri.EscapeDataString(token);
        ArgumentNullException.ThrowIfNull(segments);
        var target = segments.Count == 0 ? 1 : (int)Math.Ceiling(segments.Max(s => s.Duration.TotalSeconds));
        var text = new StringBuilder()
            .Append("#EXTM3U\n")
            .Append("#EXT-X-VERSION:7\n")
            .Append("#EXT-X-PLAYLIST-TYPE:VOD\n")
            .Append("#EXT-X-INDEPENDENT-SEGMENTS\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n")
            .Append("#EXT-X-MEDIA-SEQUENCE:0\n");
        var runs = Timeline.Runs(segments);
        for (var r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            if (r > 0)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{SegmentUrl(run[0])}/init.mp4?token={query}\"\n");
            foreach (var segment in run)
            {
                // A trimmed segment keeps its offset: its fragments stay where they are on the run's timeline.
                var offset = segment.Start - run[0].Start;
                var trim = trims?.GetValueOrDefault(segment.FileName);
                var fragments = trim is null ? "" : string.Create(CultureInfo.InvariantCulture, $"&from={trim.From}&to={trim.To}");
                text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{(trim?.Start ?? segment.Start).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\n")
                    .Append(CultureInfo.InvariantCulture, $"#EXTINF:{(trim?.Duration ?? segment.Duration).TotalSeconds:F3},\n")
                    .Append(CultureInfo.InvariantCulture, $"{SegmentUrl(segment)}/media.m4s?offset={offset.Ticks}{fragments}&token={query}\n");
            }
        }

        return text.Append("#EXT-X-ENDLIST\n").ToString();
    }

    /// <summary>Relative to the playlist's own URL (…/assets/{asset}/playlist.m3u8).</summary>
    private static string SegmentUrl(SegmentDescriptor segment) => $"segments/{Uri.EscapeDataString(segment.FileName)}";
}
