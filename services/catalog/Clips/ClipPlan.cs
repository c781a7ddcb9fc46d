using System.Globalization;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;

namespace Cvr.Catalog.Clips;

/// <summary>
/// How a clip of [From, To) is cut from the recorded segments, decided before any byte is read: the
/// contiguous runs in the range (<see cref="Timeline.Runs"/>) laid one after the other on one timeline
/// (the feed), gaps between them left out; ffmpeg then starts at <see cref="Seek"/> on that timeline and
/// keeps <see cref="Duration"/>. The feed's zero is the first segment's start.
/// </summary>
/// <param name="Parts">The segments fed, in order, each with where its video starts on the feed.</param>
/// <param name="Seek">Where the clip's first frame is on the feed.</param>
/// <param name="Duration">How much media the clip holds: the range less its gaps.</param>
/// <param name="Start">The wall-clock time of the clip's first frame (after a leading gap, when skipped).</param>
/// <param name="Gaps">The spans of the range without media, left out of the clip.</param>
public sealed record ClipPlan(IReadOnlyList<ClipPart> Parts, TimeSpan Seek, TimeSpan Duration, DateTimeOffset Start, IReadOnlyList<ClipGap> Gaps)
{
    /// <summary>The plan of a clip, or why there can be none.</summary>
    /// <param name="segments">The asset's segments that overlap the range and still exist (not evicted), in time order.</param>
    public static (ClipPlan? Plan, ClipRefusal? Refusal) Of(IReadOnlyList<SegmentDescriptor> segments, ClipRequest request)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(request);
        var runs = Timeline.Runs([.. segments.Where(s => s.End > request.From && s.Start < request.To).OrderBy(s => s.Start)]);
        if (runs.Count == 0)
        {
            return (null, new ClipRefusal(ClipRefusalKind.NoMedia, $"Nothing is recorded from {Iso(request.From)} to {Iso(request.To)}."));
        }

        var gaps = new List<ClipGap>();
        var parts = new List<ClipPart>();
        var cursor = request.From;
        var feed = TimeSpan.Zero;
        SegmentMedia? media = null;
        foreach (var run in runs)
        {
            if (parts.Count > 0 && !SegmentMedia.CanFollow(media, run[0].Media))
            {
                return (null, new ClipRefusal(ClipRefusalKind.MediaChange, $"The video changes at {Iso(run[0].Start)} (from {Describe(media!)} to {Describe(run[0].Media!)}); a clip holds one kind of video: end it before, or start it after."));
            }

            var from = Max(request.From, run[0].Start);
            var to = Min(request.To, run.Max(s => s.End));
            if (from > cursor)
            {
                gaps.Add(new ClipGap(cursor, from));
            }

            parts.AddRange(run.Select(s => new ClipPart(s, feed + (s.Start - from))));
            feed += to - from;
            cursor = Max(cursor, to);
            media = run.LastOrDefault(s => s.Media is not null)?.Media ?? media;
        }

        if (cursor < request.To)
        {
            gaps.Add(new ClipGap(cursor, request.To));
        }

        if (gaps.Count > 0 && !request.SkipGaps)
        {
            var gap = gaps[0];
            return (null, new ClipRefusal(ClipRefusalKind.Gap, $"Nothing is recorded from {Iso(gap.Start)} to {Iso(gap.End)}, inside the range; ask gaps=skip to leave gaps out of the clip."));
        }

        // The first segment may start before the range: its earlier media goes on the feed before zero.
        var lead = parts[0].FeedOffset < TimeSpan.Zero ? -parts[0].FeedOffset : TimeSpan.Zero;
        return (new ClipPlan([.. parts.Select(p => p with { FeedOffset = p.FeedOffset + lead })], lead, feed, Max(request.From, runs[0][0].Start), gaps), null);
    }

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Describe(SegmentMedia media) => media.Width is { } w && media.Height is { } h ? $"{media.Codecs} {w}x{h}" : media.Codecs;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
