using Cvr.Catalog.Api;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Sqlite;
using Cvr.Testing;

namespace Cvr.UnitTests.Catalog;

/// <summary>
/// The kept timeline (<see cref="TimelineIndex"/>) on a real SQLite catalog: what segments arriving one by
/// one, out of order, uploaded, evicted or forgotten leave in it is what a rebuild from the segments makes,
/// and its answers (ranges, gaps, calendar precision, pages) are the slow reference's.
/// </summary>
public sealed class KeptTimelineTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LongHistory History = new("sampleasset-kept", "kept", Day, 1);
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Upserts_OneByOneOutOfOrderThenUploadedAndEvicted_KeepWhatARebuildMakes()
    {
        var catalog = Catalog();
        var window = History.Segments(includeEvicted: true).Where(s => s.Segment.Start >= Day.AddHours(5) && s.Segment.Start < Day.AddHours(7.5)).ToList();
        var random = new Random(14); // seeded: a failure replays
        var shuffled = window.OrderBy(_ => random.Next()).ToList();

        foreach (var (segment, _) in shuffled)
        {
            await catalog.UpsertSegmentAsync(segment, uploaded: false, evicted: false, CancellationToken.None);
        }

        foreach (var (segment, evicted) in shuffled)
        {
            await catalog.UpsertSegmentAsync(segment, uploaded: !evicted, evicted, CancellationToken.None, evicted ? "CacheFull" : null);
        }

        var kept = Shape(await catalog.TimelineAsync(History.AssetName, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None));
        await catalog.RefreshTimelineAsync(History.AssetName, CancellationToken.None);
        var rebuilt = Shape(await catalog.TimelineAsync(History.AssetName, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None));

        Assert.Equal(rebuilt, kept);
        Assert.Equal(3, rebuilt.Count(p => p.Kind.Length == 0)); // 05:00, 06:05 and 07:00: cut at every hour and at the hole
        Assert.True(rebuilt.Single(p => p.Start == Day.AddHours(7)).Joined);
        Assert.Single(rebuilt, p => p.Kind == TimeGap.Evicted);
        var (expected, actual) = await AnswersAsync(catalog, Day.AddHours(5), Day.AddHours(7.5));
        Assert.Equal(expected.Ranges, actual.Ranges);
        Assert.Equal(expected.Gaps, actual.Gaps);
    }

    [Fact]
    public async Task ForgetThrough_TheFirstHours_TheTimelineStartsAfterThem()
    {
        var catalog = await SeedAsync(History);

        await catalog.ForgetThroughAsync(History.AssetName, Day.AddHours(3).AddMinutes(10), CancellationToken.None);

        var media = await AnswersAsync(catalog, Day, Day.AddDays(1));
        Assert.Equal(Day.AddHours(3).AddMinutes(10), media.Actual.Ranges[0].Start);
        Assert.Equal(media.Expected.Ranges, media.Actual.Ranges);
        Assert.Equal(media.Expected.Gaps, media.Actual.Gaps);
    }

    [Fact]
    public async Task AvailableMedia_InPagesOfThree_AddsUpToTheWholeAnswer()
    {
        var catalog = await SeedAsync(History);
        var pieces = await catalog.TimelineAsync(History.AssetName, Day, Day.AddDays(1), CancellationToken.None);
        var (whole, _) = AvailableMedia.Of(Day, Day.AddDays(1), pieces, t => t.EndReason);

        var ranges = new List<TimeRangeView>();
        var gaps = new List<GapView>();
        var from = Day;
        for (var pages = 1; ; pages++)
        {
            var (page, next) = AvailableMedia.Of(from, Day.AddDays(1), await catalog.TimelineAsync(History.AssetName, from, Day.AddDays(1), CancellationToken.None), t => t.EndReason, pageSize: 3);
            Assert.InRange(page.TimeRanges.Count + page.Gaps.Count, 1, 3);
            ranges.AddRange(page.TimeRanges);
            gaps.AddRange(page.Gaps);
            if (next is null)
            {
                Assert.Equal(3, pages); // 4 ranges and 3 gaps
                break;
            }

            from = next.Value;
        }

        Assert.Equal(whole.TimeRanges.Select(r => (r.Start, r.End)), ranges.Select(r => (r.Start, r.End)));
        Assert.Equal(whole.Gaps, gaps);
    }

    [Fact]
    public async Task TimelinePage_FivePiecesAtATime_PagesThatJoinedAtTheirEdgesAreTheWholeAnswer()
    {
        var catalog = await SeedAsync(History);
        var (whole, _) = AvailableMedia.Of(Day, Day.AddDays(1), await catalog.TimelineAsync(History.AssetName, Day, Day.AddDays(1), CancellationToken.None), t => t.EndReason);

        var ranges = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var gaps = new List<GapView>();
        var pages = 0;
        for (var from = Day; from < Day.AddDays(1); pages++)
        {
            var (pieces, until) = await catalog.TimelinePageAsync(History.AssetName, from, Day.AddDays(1), 5, CancellationToken.None);
            var (page, next) = AvailableMedia.Of(from, until, pieces, t => t.EndReason);
            Assert.Null(next);
            foreach (var range in page.TimeRanges)
            {
                if (ranges.Count > 0 && ranges[^1].End == range.Start)
                {
                    ranges[^1] = (ranges[^1].Start, range.End); // a range cut where the page ended
                }
                else
                {
                    ranges.Add((range.Start, range.End));
                }
            }

            foreach (var gap in page.Gaps)
            {
                if (gaps.Count > 0 && gaps[^1].End == gap.Start && gaps[^1].Reason == gap.Reason)
                {
                    gaps[^1] = gaps[^1] with { End = gap.End };
                }
                else
                {
                    gaps.Add(gap);
                }
            }

            Assert.True(until > from);
            from = until;
        }

        Assert.True(pages > 3, $"{pages} pages");
        Assert.Equal(whole.TimeRanges.Select(r => (r.Start, r.End)), ranges);
        Assert.Equal(whole.Gaps, gaps);
    }

    [Theory]
    [InlineData(AvailabilityPrecision.Day, "2026-11-01", "2026-11-02", "2026-11-05", "2026-11-05")]
    [InlineData(AvailabilityPrecision.Month, "2026-11", "2026-11", null, null)]
    [InlineData(AvailabilityPrecision.Year, "2026", "2026", null, null)]
    public async Task AvailableMedia_WithAPrecision_NamesThePeriodsThatHoldMedia(AvailabilityPrecision precision, string start1, string end1, string? start2, string? end2)
    {
        var catalog = await SeedAsync(History with { Days = 2 });
        await catalog.UpsertSegmentsAsync(
            (History with { Start = Day.AddDays(4) }).Stored().Where(s => s.Start < Day.AddDays(4).AddHours(1)).Select(s => new CatalogSegment(s, Uploaded: true)),
            CancellationToken.None);
        var from = Day.AddDays(-3);
        var to = Day.AddDays(20);

        var calendar = CalendarAvailability.Of(precision, from, to, PieceTimeline.Ranges(await catalog.TimelineAsync(History.AssetName, from, to, CancellationToken.None)));

        CalendarRange[] expected = start2 is null ? [new(start1, end1)] : [new(start1, end1), new(start2, end2!)];
        Assert.Equal(expected, calendar.TimeRanges);
    }

    public void Dispose() => _folder.Dispose();

    private CatalogDatabase Catalog() => new(new SqliteDatabase(_folder.File("catalog.db")));

    private async Task<CatalogDatabase> SeedAsync(LongHistory history)
    {
        var catalog = Catalog();
        await catalog.UpsertSegmentsAsync(
            history.Segments(includeEvicted: true).Select(s => new CatalogSegment(s.Segment, Uploaded: !s.Evicted, s.Evicted, s.Evicted ? "CacheFull" : null)),
            CancellationToken.None);
        await catalog.RecordSessionEndAsync(history.StreamId, LongHistory.SessionOf(history.Start), history.Start.AddDays(1), "IngestRestarted", CancellationToken.None);
        return catalog;
    }

    private static async Task<(
        (List<(DateTimeOffset Start, DateTimeOffset End)> Ranges, List<(DateTimeOffset Start, DateTimeOffset End, string Reason)> Gaps) Expected,
        (List<(DateTimeOffset Start, DateTimeOffset End)> Ranges, List<(DateTimeOffset Start, DateTimeOffset End, string Reason)> Gaps) Actual)> AnswersAsync(
        CatalogDatabase catalog, DateTimeOffset from, DateTimeOffset to)
    {
        var history = await catalog.SegmentsAsync(History.AssetName, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, includeEvicted: true, CancellationToken.None);
        var reasons = await catalog.SessionEndReasonsAsync(History.StreamId, CancellationToken.None);
        var (answer, _) = AvailableMedia.Of(from, to, await catalog.TimelineAsync(History.AssetName, from, to, CancellationToken.None), t => t.EndReason);
        var expected = ReferenceTimeline.Compute(history, reasons, from, to, TimeSpan.FromSeconds(10));
        return (expected, ([.. answer.TimeRanges.Select(r => (r.Start, r.End))], [.. answer.Gaps.Select(g => (g.Start, g.End, g.Reason))]));
    }

    /// <summary>A piece as values (its summaries hold lists, which records compare by reference).</summary>
    private static List<(string Kind, DateTimeOffset Start, DateTimeOffset End, bool Joined, string Session, long Sequence, int Count, long Size, double? Error, string? Codecs)> Shape(IEnumerable<TimelinePiece> pieces) =>
        [.. pieces.Select(p => (p.Kind, p.Start, p.End, p.Joined, p.Tail.SessionId, p.Tail.Sequence, p.SegmentCount, p.SizeBytes, p.Clock?.MaxErrorMs, p.Media?.Codecs))];
}
