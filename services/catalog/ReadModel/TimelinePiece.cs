using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// The part of a contiguous range (or of a span of dropped segments) whose segments start in one
/// <see cref="TimelinePieces.Bucket"/>: what the catalog keeps so that a timeline of years is read in a
/// few rows. Pieces are cut at bucket boundaries and where <see cref="Timeline"/> breaks a range;
/// <paramref name="Joined"/> says the piece continues the one of its kind before it.
/// </summary>
/// <param name="Kind"><see cref="Recorded"/>, or why its segments were dropped (<see cref="TimeGap.ForEviction"/>).</param>
/// <param name="Joined">Whether it continues the piece of its kind before it (one range across a bucket boundary).</param>
/// <param name="Tail">Its last segment: whether the next one continues it, and whose session ended before a gap.</param>
/// <param name="RangeMedia">The media a next segment must match to continue it (<see cref="SegmentMedia.CanFollow"/>).</param>
/// <param name="SegmentCount">How many segments it holds.</param>
/// <param name="SizeBytes">Their size.</param>
public sealed record TimelinePiece(
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Joined,
    PieceTail Tail,
    SegmentMedia? RangeMedia,
    ClockSummary? Clock,
    MediaSummary? Media,
    int SegmentCount,
    long SizeBytes)
{
    public const string Recorded = "";

    public bool IsRecorded => Kind.Length == 0;
}
