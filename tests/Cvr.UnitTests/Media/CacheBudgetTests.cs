using Cvr.Media.Cache;

namespace Cvr.UnitTests.Media;

public class CacheBudgetTests
{
    private static readonly HashSet<string> None = [];

    [Fact]
    public void ToEvict_UnderCap_EvictsNothing()
    {
        Assert.Empty(CacheBudget.ToEvict([Sealed("a", 10), Uploaded("b", 10)], 20, None));
    }

    [Fact]
    public void ToEvict_OverCap_TakesUploadedBeforeAnyUnuploaded()
    {
        var contents = new[] { Sealed("2026-01", 10), Uploaded("2026-02", 10), Uploaded("2026-03", 10) };

        var evicted = CacheBudget.ToEvict(contents, 15, None);

        Assert.Equal(["2026-02", "2026-03"], evicted.Select(e => e.Name));
    }

    [Fact]
    public void ToEvict_OnlyUnuploadedLeft_TakesTheOldestFirst()
    {
        var contents = new[] { Sealed("2026-03", 10), Sealed("2026-01", 10), Sealed("2026-02", 10), Ingest("current", 5) };

        var evicted = CacheBudget.ToEvict(contents, 25, None);

        Assert.Equal(["2026-01"], evicted.Select(e => e.Name));
    }

    [Fact]
    public void ToEvict_NeverTakesWhatFfmpegWritesOrWhatIsBeingUploaded()
    {
        var contents = new[] { Ingest("current", 50), Sealed("2026-01", 10), Sealed("2026-02", 10) };

        var evicted = CacheBudget.ToEvict(contents, 10, new HashSet<string> { "2026-01" });

        Assert.Equal(["2026-02"], evicted.Select(e => e.Name));
    }

    private static CachedSegment Sealed(string name, long size) => new(name, size, CacheStage.Sealed);

    private static CachedSegment Uploaded(string name, long size) => new(name, size, CacheStage.Uploaded);

    private static CachedSegment Ingest(string name, long size) => new(name, size, CacheStage.Ingest);
}
