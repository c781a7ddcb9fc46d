using Cvr.Catalog.Api;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Sqlite;
using Cvr.Platform.Storage;
using Cvr.Testing;

namespace Cvr.UnitTests.Catalog;

/// <summary>
/// availableMedia on a generated two-day history (<see cref="LongHistory"/>) in a real SQLite catalog,
/// checked against <see cref="ReferenceTimeline"/>: the groundwork of issue 14, whose indexed ranges
/// must keep these answers.
/// </summary>
public sealed class LongHistoryTests : IDisposable
{
    private static readonly LongHistory History = new("sampleasset-long", "long", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), 2);
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task AvailableMedia_WholeTwoDays_MatchesTheReference()
    {
        var (catalog, reasons) = await SeedAsync();

        var (expected, actual) = await AnswersAsync(catalog, reasons, History.Start, History.End, TimeSpan.FromSeconds(10));

        Assert.Equal(expected.Ranges, actual.Ranges);
        Assert.Equal(expected.Gaps, actual.Gaps);
        Assert.Equal(6, actual.Gaps.Count); // three holes a day
        Assert.Equal(2, actual.Gaps.Count(g => g.Reason == TimeGap.Evicted)); // the 06:00 ones, kept as evicted
    }

    [Fact]
    public async Task AvailableMedia_StartInsideASegment_MatchesTheReference()
    {
        var (catalog, reasons) = await SeedAsync();
        var from = History.Start.AddHours(11).AddSeconds(40); // inside the 11:00:30 segment
        var to = History.Start.AddHours(13);

        var (expected, actual) = await AnswersAsync(catalog, reasons, from, to, TimeSpan.FromSeconds(1));

        Assert.Equal(from, actual.Ranges[0].Start);
        Assert.Equal(expected.Ranges, actual.Ranges);
        Assert.Equal(expected.Gaps, actual.Gaps);
    }

    // A hole that runs past `end` (recording resumes later) is a gap up to `end`.
    [Fact]
    public async Task AvailableMedia_EndInsideAHole_EndsWithTheGap()
    {
        var (catalog, reasons) = await SeedAsync();
        var from = History.Start.AddHours(11);
        var to = History.Start.AddHours(12).AddMinutes(2); // inside the 12:00 hole, recorded again at 12:05

        var (expected, actual) = await AnswersAsync(catalog, reasons, from, to, TimeSpan.FromSeconds(1));

        Assert.Equal((History.Start.AddHours(12), to, "IngestRestarted"), expected.Gaps[^1]);
        Assert.Equal(expected.Ranges, actual.Ranges);
        Assert.Equal(expected.Gaps, actual.Gaps);
    }

    [Fact]
    public async Task RebuildAsync_GeneratedFolderStore_ListsEveryStoredSegment()
    {
        var store = _folder.File("store");
        var written = await History.WriteFolderStoreAsync(store, CancellationToken.None);
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("rebuilt.db")));

        var (assets, segments, skipped) = await new CatalogRebuilder(catalog, new FolderAssetStore(store)).RebuildAsync(CancellationToken.None);

        Assert.Equal((1, written, 0), (assets, segments, skipped));
        Assert.Equal(History.Stored(), (await catalog.SegmentsAsync(History.AssetName, History.Start, History.End, includeEvicted: true, CancellationToken.None)).Select(s => s.Segment));
        var (expected, actual) = await AnswersAsync(catalog, new Dictionary<string, string>(), History.Start, History.End, TimeSpan.FromSeconds(10)); // the timeline kept once, at the end
        Assert.Equal(expected.Ranges, actual.Ranges);
        Assert.Equal(expected.Gaps, actual.Gaps);
        Assert.Equal(6, actual.Gaps.Count);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>A catalog of the history (the 06:00 holes kept as evicted), and the first day's session ended by an ingest restart.</summary>
    private async Task<(CatalogDatabase Catalog, IReadOnlyDictionary<string, string> Reasons)> SeedAsync()
    {
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        await catalog.UpsertSegmentsAsync(
            History.Segments(includeEvicted: true).Select(s => new CatalogSegment(s.Segment, Uploaded: !s.Evicted, s.Evicted, s.Evicted ? "CacheFull" : null)),
            CancellationToken.None);

        await catalog.RecordSessionEndAsync(History.StreamId, LongHistory.SessionOf(History.Start), History.Start.AddDays(1), "IngestRestarted", CancellationToken.None);
        return (catalog, await catalog.SessionEndReasonsAsync(History.StreamId, CancellationToken.None));
    }

    private static async Task<(
        (List<(DateTimeOffset, DateTimeOffset)> Ranges, List<(DateTimeOffset, DateTimeOffset, string)> Gaps) Expected,
        (List<(DateTimeOffset Start, DateTimeOffset End)> Ranges, List<(DateTimeOffset Start, DateTimeOffset End, string Reason)> Gaps) Actual)> AnswersAsync(
        CatalogDatabase catalog, IReadOnlyDictionary<string, string> reasons, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var history = await catalog.SegmentsAsync(History.AssetName, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, includeEvicted: true, CancellationToken.None);
        var pieces = await catalog.TimelineAsync(History.AssetName, from, to, CancellationToken.None);
        var (answer, next) = AvailableMedia.Of(from, to, pieces, tail => tail.EndReason);
        Assert.Null(next);
        var expected = ReferenceTimeline.Compute(history, reasons, from, to, step);
        return (expected, ([.. answer.TimeRanges.Select(r => (r.Start, r.End))], [.. answer.Gaps.Select(g => (g.Start, g.End, g.Reason))]));
    }
}
