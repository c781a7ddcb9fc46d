using System.Text.Json.Serialization;
using Cvr.Catalog.ReadModel;

namespace Cvr.Catalog.Api;

/// <summary>
/// GET /api/assets/{asset}/availableMedia: the contiguous ranges (LVA/AVA called them timeRanges) and
/// the gaps between them, each with its reason; at most <see cref="PageSize"/> of them together (and
/// <see cref="PiecesPerPage"/> pieces of timeline read), the rest behind <see cref="NextLink"/>.
/// </summary>
public sealed record AvailableMedia(IReadOnlyList<TimeRangeView> TimeRanges, IReadOnlyList<GapView> Gaps)
{
    public const int PageSize = 1000;

    /// <summary>
    /// The most pieces of the kept timeline (each at most an hour) a page reads: about three months of a
    /// camera that never stops; a page over a longer span ends where they do, and a range that goes on
    /// past that time continues on the next page.
    /// </summary>
    public const int PiecesPerPage = 2000;

    /// <summary>Where the rest of the answer is (Azure's <c>@nextLink</c>), if it did not fit in one page.</summary>
    [JsonPropertyName("@nextLink")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? NextLink { get; init; }

    /// <summary>
    /// The answer for [from, to), from the asset's kept timeline around it (<see cref="TimelineIndex"/>'s
    /// pieces) and why its sessions ended, cut after <paramref name="pageSize"/> ranges and gaps.
    /// </summary>
    /// <returns>The page, and where the next one starts if there is more.</returns>
    public static (AvailableMedia Page, DateTimeOffset? Next) Of(
        DateTimeOffset from, DateTimeOffset to, IReadOnlyList<TimelinePiece> pieces, Func<PieceTail, string?> sessionEndReasons, int pageSize = PageSize)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var ranges = PieceTimeline.Ranges(pieces)
            .Select(r => new TimeRangeView(Clamp(r.Start, from, to), Clamp(r.End, from, to), r.Clock, r.Media))
            .Where(r => r.End > r.Start)
            .ToList();
        var gaps = Joined(PieceTimeline.Gaps(pieces, sessionEndReasons)
            .Select(g => new GapView(Clamp(g.Start, from, to), Clamp(g.End, from, to), g.Reason))
            .Where(g => g.End > g.Start));
        if (ranges.Count + gaps.Count <= pageSize)
        {
            return (new AvailableMedia(ranges, gaps), null);
        }

        var next = ranges.Select(r => r.End).Concat(gaps.Select(g => g.End)).Order().ElementAt(pageSize - 1);
        return (new AvailableMedia([.. ranges.Where(r => r.End <= next)], [.. gaps.Where(g => g.End <= next)]), next);
    }

    /// <summary>Gaps for the same reason that touch (a span cut by the pieces, or by the page) are one.</summary>
    private static List<GapView> Joined(IEnumerable<GapView> gaps)
    {
        var joined = new List<GapView>();
        foreach (var gap in gaps)
        {
            if (joined.Count > 0 && joined[^1].Reason == gap.Reason && joined[^1].End >= gap.Start)
            {
                joined[^1] = joined[^1] with { End = gap.End > joined[^1].End ? gap.End : joined[^1].End };
            }
            else
            {
                joined.Add(gap);
            }
        }

        return joined;
    }

    private static DateTimeOffset Clamp(DateTimeOffset value, DateTimeOffset from, DateTimeOffset to) =>
        value < from ? from : value > to ? to : value;
}
