using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Sqlite;
using Cvr.Platform.Storage;
using Cvr.Testing;
using Microsoft.Data.Sqlite;

namespace Cvr.UnitTests.Catalog;

/// <summary>
/// The catalog's SQLite read model on a real file: every write an idempotent upsert whose flags only turn
/// on, ranges and assets as the API reads them, media facts kept and rebuilt, older databases migrated.
/// </summary>
public sealed class CatalogDatabaseTests : IDisposable
{
    private const string Session = "20261123T120000000Z";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SegmentMedia Hevc = new("hvc1.1.6.L93.B0,mp4a.40.2", 1280, 720, 25, 2_056_625);
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task UpsertSegmentAsync_SealedThenUploaded_KeepsItsMedia()
    {
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        var segment = Descriptor(0) with { Media = Hevc };

        await catalog.UpsertSegmentAsync(segment, uploaded: false, evicted: false, CancellationToken.None);
        await catalog.UpsertSegmentAsync(segment, uploaded: true, evicted: false, CancellationToken.None);

        var stored = Assert.Single(await AllAsync(catalog));
        Assert.Equal(segment, stored.Segment);
        Assert.Equal(Hevc, stored.Segment.Media);
        Assert.True(stored.Uploaded);
    }

    [Fact]
    public async Task UpsertSegmentAsync_AnEventWithoutMediaAfterOneWithIt_KeepsTheMedia()
    {
        // An eviction or expiry announced by a Cvr that did not describe the segment knows no media; the catalog does.
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        await catalog.UpsertSegmentAsync(Descriptor(0) with { Media = Hevc }, uploaded: false, evicted: false, CancellationToken.None);

        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: true, evicted: false, CancellationToken.None);

        Assert.Equal(Hevc, Assert.Single(await AllAsync(catalog)).Segment.Media);
    }

    [Fact]
    public async Task UpsertSegmentAsync_SameEventDeliveredTwice_ChangesNothing()
    {
        var catalog = Catalog();
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: true, evicted: false, CancellationToken.None);
        var once = await AllAsync(catalog);

        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: true, evicted: false, CancellationToken.None);

        Assert.Equal(once, await AllAsync(catalog));
    }

    [Fact]
    public async Task UpsertSegmentAsync_SealedEventAfterTheEviction_NeverTurnsTheFlagsOff()
    {
        // Events of one segment can arrive in any order: a late SegmentSealed after SegmentEvicted.
        var catalog = Catalog();
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: false, evicted: true, CancellationToken.None, evictedReason: "DiskFull");
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: true, evicted: false, CancellationToken.None);

        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: false, evicted: false, CancellationToken.None);

        var stored = Assert.Single(await AllAsync(catalog));
        Assert.Equal((true, true, "DiskFull"), (stored.Uploaded, stored.Evicted, stored.EvictedReason));
    }

    [Fact]
    public async Task UpsertSegmentAsync_UploadedDescriptor_ReplacesTheSealedOnesSizeHashAndEnd()
    {
        // The store holds what was uploaded (a conflict keeps the stored segment): the catalog shows that.
        var catalog = Catalog();
        var stored = Descriptor(0) with { End = T0.AddSeconds(29), SizeBytes = 900, Sha256 = new string('b', 64) };
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: false, evicted: false, CancellationToken.None);

        await catalog.UpsertSegmentAsync(stored, uploaded: true, evicted: false, CancellationToken.None);
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: false, evicted: false, CancellationToken.None);

        var segment = Assert.Single(await AllAsync(catalog));
        Assert.Equal((stored.End, 900L, stored.Sha256), (segment.Segment.End, segment.Segment.SizeBytes, segment.Segment.Sha256));
    }

    [Fact]
    public async Task SegmentsAsync_ARange_GivesWhatOverlapsItInTimeOrderAndEvictedOnlyWhenAsked()
    {
        var catalog = Catalog();
        foreach (var sequence in new long[] { 3, 0, 2, 1 })
        {
            await catalog.UpsertSegmentAsync(Descriptor(sequence), uploaded: true, evicted: sequence == 2, CancellationToken.None);
        }

        var from = T0.AddSeconds(45);
        var to = T0.AddSeconds(90);
        var present = await catalog.SegmentsAsync("asset", from, to, includeEvicted: false, CancellationToken.None);
        var all = await catalog.SegmentsAsync("asset", from, to, includeEvicted: true, CancellationToken.None);

        Assert.Equal([1L], present.Select(s => s.Segment.Sequence));
        Assert.Equal([1L, 2L], all.Select(s => s.Segment.Sequence));
        Assert.Equal(Descriptor(2).FileName, (await catalog.SegmentAsync("asset", Descriptor(2).FileName, CancellationToken.None))?.Segment.FileName);
        Assert.Null(await catalog.SegmentAsync("asset", Descriptor(9).FileName, CancellationToken.None));
    }

    [Fact]
    public async Task ForgetThroughAsync_Retention_KeepsWhatStillWaitsForUpload()
    {
        var catalog = Catalog();
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: true, evicted: false, CancellationToken.None);
        await catalog.UpsertSegmentAsync(Descriptor(1), uploaded: false, evicted: true, CancellationToken.None, evictedReason: "CacheFull");
        await catalog.UpsertSegmentAsync(Descriptor(2), uploaded: false, evicted: false, CancellationToken.None);
        await catalog.UpsertSegmentAsync(Descriptor(3), uploaded: true, evicted: false, CancellationToken.None);

        await catalog.ForgetThroughAsync("asset", Descriptor(2).End, CancellationToken.None);

        Assert.Equal([2L, 3L], (await AllAsync(catalog)).Select(s => s.Segment.Sequence));
    }

    [Fact]
    public async Task ListAssetsAsync_AssetsWithAndWithoutVideo_CountWhatIsPlayable()
    {
        var catalog = Catalog();
        await catalog.UpsertStreamAsync(new StreamDescriptor("yard", "Topology", "empty", 30, "/cache/yard", 1L << 30), CancellationToken.None);
        await catalog.UpsertSegmentAsync(Descriptor(0), uploaded: true, evicted: false, CancellationToken.None);
        await catalog.UpsertSegmentAsync(Descriptor(1), uploaded: false, evicted: false, CancellationToken.None);
        await catalog.UpsertSegmentAsync(Descriptor(2), uploaded: false, evicted: true, CancellationToken.None, evictedReason: "CacheFull");

        var assets = await catalog.ListAssetsAsync(CancellationToken.None);

        Assert.Equal(
            [new CatalogAsset("asset", "camera", 2, 2000, T0, T0.AddSeconds(60)), new CatalogAsset("empty", "yard", 0, 0, null, null)],
            assets);
        Assert.True(await catalog.AssetExistsAsync("empty", CancellationToken.None));
        Assert.False(await catalog.AssetExistsAsync("nowhere", CancellationToken.None));
    }

    [Fact]
    public async Task RecordSessionEndAsync_ReportedTwice_KeepsTheFirstReasonPerStream()
    {
        var catalog = Catalog();
        await catalog.RecordSessionEndAsync("camera", Session, T0, "CameraUnreachable", CancellationToken.None);
        await catalog.RecordSessionEndAsync("camera", Session, T0.AddSeconds(1), "IngestRestarted", CancellationToken.None);
        await catalog.RecordSessionEndAsync("yard", Session, T0, "CameraTimeout", CancellationToken.None);

        Assert.Equal("CameraUnreachable", Assert.Single(await catalog.SessionEndReasonsAsync("camera", CancellationToken.None)).Value);
        Assert.Equal("CameraTimeout", Assert.Single(await catalog.SessionEndReasonsAsync("yard", CancellationToken.None)).Value);
        Assert.Empty(await catalog.SessionEndReasonsAsync("gate", CancellationToken.None));
    }

    [Fact]
    public async Task UpsertStreamAsync_StreamMovedToAnotherCache_ServesFromTheNewOne()
    {
        var catalog = Catalog();
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, "/cache/old", 1L << 30);
        await catalog.UpsertStreamAsync(stream, CancellationToken.None);

        await catalog.UpsertStreamAsync(stream with { CachePath = "/cache/new" }, CancellationToken.None);

        Assert.Equal("/cache/new", await catalog.CachePathAsync("camera", CancellationToken.None));
        Assert.Null(await catalog.CachePathAsync("yard", CancellationToken.None));
    }

    [Fact]
    public async Task OpeningADatabaseWrittenBeforeMedia_AddsTheColumnsAndKeepsItsRowsAsUnknown()
    {
        // The schema as Cvr wrote it before segments carried their media, with one segment in it.
        var path = _folder.File("catalog.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"""
                CREATE TABLE assets(name TEXT PRIMARY KEY, stream_id TEXT);
                CREATE TABLE streams(stream_id TEXT PRIMARY KEY, asset TEXT NOT NULL, cache_path TEXT NOT NULL);
                CREATE TABLE segments(
                    asset TEXT NOT NULL, file_name TEXT NOT NULL, stream_id TEXT NOT NULL, session_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL, start_ticks INTEGER NOT NULL, end_ticks INTEGER NOT NULL,
                    size INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded INTEGER NOT NULL,
                    evicted INTEGER NOT NULL DEFAULT 0, clock_source TEXT, clock_error_ms REAL, clock_drift_ppm REAL, evicted_reason TEXT,
                    PRIMARY KEY(asset, file_name));
                CREATE TABLE session_ends(
                    stream_id TEXT NOT NULL, session_id TEXT NOT NULL, ended_ticks INTEGER NOT NULL, reason TEXT NOT NULL,
                    PRIMARY KEY(stream_id, session_id));
                INSERT INTO assets VALUES ('asset', 'camera');
                INSERT INTO segments VALUES ('asset', '{Descriptor(0).FileName}', 'camera', '{Session}', 0, {T0.UtcTicks}, {T0.AddSeconds(30).UtcTicks},
                    1000, '{new string('a', 64)}', 1, 0, 'Host', 0.4, NULL, NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var catalog = new CatalogDatabase(new SqliteDatabase(path));
        var old = Assert.Single(await AllAsync(catalog));
        var kept = Assert.Single(await catalog.TimelineAsync("asset", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None)); // made once, on opening
        Assert.Equal((T0, T0.AddSeconds(30), 1), (kept.Start, kept.End, kept.SegmentCount));
        await catalog.UpsertSegmentAsync(Descriptor(1) with { Media = Hevc }, uploaded: false, evicted: false, CancellationToken.None);

        Assert.Null(old.Segment.Media);
        Assert.Equal(ClockSource.Host, old.Segment.Clock!.Source);
        Assert.Equal([null, Hevc], (await AllAsync(catalog)).Select(s => s.Segment.Media));
        var range = Assert.Single(Timeline.Ranges((await AllAsync(catalog)).Select(s => s.Segment)));
        Assert.Equal(Hevc.Codecs, range.Media!.Codecs);
        var keptRange = Assert.Single(PieceTimeline.Ranges(await catalog.TimelineAsync("asset", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None)));
        Assert.Equal((range.Start, range.End, Hevc.Codecs), (keptRange.Start, keptRange.End, keptRange.Media!.Codecs));
    }

    [Fact]
    public async Task RebuildAsync_FromBlobMetadata_RestoresEachSegmentsMedia()
    {
        var store = new FolderAssetStore(_folder.File("assets"));
        var described = Descriptor(0) with { Media = Hevc };
        foreach (var segment in new[] { described, Descriptor(1) })
        {
            var file = _folder.File(segment.FileName);
            await File.WriteAllTextAsync(file, segment.FileName);
            await store.UploadAsync(new AssetUpload(segment.AssetName, segment.FileName, file, segment.Sha256, SegmentMetadata.Of(segment)), CancellationToken.None);
        }

        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("rebuilt.db")));
        var (_, segments, skipped) = await new CatalogRebuilder(catalog, store).RebuildAsync(CancellationToken.None);

        Assert.Equal((2, 0), (segments, skipped));
        Assert.Equal([Hevc, null], (await AllAsync(catalog)).Select(s => s.Segment.Media));
    }

    [Fact]
    public async Task SegmentAsync_EvictedSegment_ReadsBackItsDescriptorAndItsFate()
    {
        var catalog = new CatalogDatabase(new SqliteDatabase(_folder.File("catalog.db")));
        var segment = Descriptor(2) with { Clock = new SegmentClock(ClockSource.Camera, -3.25, 41.5), Media = Hevc };
        await catalog.UpsertSegmentAsync(segment, uploaded: false, evicted: false, CancellationToken.None);

        await catalog.UpsertSegmentAsync(segment, uploaded: false, evicted: true, CancellationToken.None, SegmentEvicted.DiskFull);

        Assert.Equal(new CatalogSegment(segment, Uploaded: false, Evicted: true, SegmentEvicted.DiskFull), await catalog.SegmentAsync("asset", segment.FileName, CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private CatalogDatabase Catalog() => new(new SqliteDatabase(_folder.File("catalog.db")));

    private static SegmentDescriptor Descriptor(long sequence) => new(
        "camera", "asset", Session, sequence, T0.AddSeconds(30 * sequence), T0.AddSeconds(30 * (sequence + 1)), 1000, new string('a', 64),
        SegmentFileName.Format(T0.AddSeconds(30 * sequence), Session, sequence));

    private static Task<IReadOnlyList<CatalogSegment>> AllAsync(CatalogDatabase catalog) =>
        catalog.SegmentsAsync("asset", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, includeEvicted: true, CancellationToken.None);
}
