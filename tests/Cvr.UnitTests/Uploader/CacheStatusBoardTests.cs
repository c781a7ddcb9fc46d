using Cvr.Media.Cache;
using Cvr.Uploader;

namespace Cvr.UnitTests.Uploader;

/// <summary>
/// What GET /api/cache reports of a stream's cache, from what a real cache holds on disk: use, what
/// waits for upload, the recent bitrate and how long an outage the cache can still absorb.
/// </summary>
public sealed class CacheStatusBoardTests : IDisposable
{
    private const int SegmentBytes = 375_000; // 30 s at 100 kbit/s
    private readonly UploaderLab _lab = new();
    private readonly UploaderLab _history = new();
    private readonly CacheStatusBoard _board = new();

    [Fact]
    public async Task Update_CacheWithEveryStage_CountsUseAndWhatWaitsForUpload()
    {
        var (ingest, sealedBytes, uploadedBytes) = await FillCacheAsync();

        _board.Update(_lab.Stream, CacheInventory.Read(_lab.Layout), _lab.Time.GetUtcNow());

        var status = Assert.Single(_board.All);
        Assert.Equal(_lab.Stream.StreamId, status.StreamId);
        Assert.Equal(_lab.Stream.CacheMaximumSizeBytes, status.CapacityBytes);
        Assert.Equal(ingest + sealedBytes + uploadedBytes, status.UsedBytes);
        Assert.Equal(ingest + sealedBytes, status.PendingUploadBytes);
        Assert.Equal(1, status.PendingUploadSegments);
        Assert.Equal((0L, 0L), (status.EvictedSegments, status.EvictedBytes));
    }

    [Fact]
    public async Task Update_NoSegmentSealedYet_KnowsNoBitrateNorHeadroom()
    {
        await FillCacheAsync();

        _board.Update(_lab.Stream, CacheInventory.Read(_lab.Layout), _lab.Time.GetUtcNow());

        var status = Assert.Single(_board.All);
        Assert.Null(status.BitsPerSecond);
        Assert.Null(status.OutageHeadroomSeconds);
    }

    [Fact]
    public async Task Update_AfterFiveSealedSegments_BitrateOfTheLastFourAndTheHeadroomItLeaves()
    {
        var (ingest, sealedBytes, _) = await FillCacheAsync();
        _board.RecordSealed(await _history.SealAsync(new byte[10 * SegmentBytes], TimeSpan.Zero)); // before a change of bitrate: no longer counts
        for (var sequence = 1; sequence <= 4; sequence++)
        {
            _board.RecordSealed(await _history.SealAsync(new byte[SegmentBytes], TimeSpan.FromSeconds(30 * sequence), sequence));
        }

        _board.Update(_lab.Stream, CacheInventory.Read(_lab.Layout), _lab.Time.GetUtcNow());

        var status = Assert.Single(_board.All);
        Assert.Equal(100_000, status.BitsPerSecond!.Value, precision: 6);
        Assert.Equal((_lab.Stream.CacheMaximumSizeBytes - ingest - sealedBytes) * 8 / 100_000.0, status.OutageHeadroomSeconds!.Value, precision: 6);
    }

    [Fact]
    public async Task Update_MoreWaitingThanTheCacheHolds_HeadroomIsZero()
    {
        var (ingest, sealedBytes, _) = await FillCacheAsync();
        _board.RecordSealed(await _history.SealAsync(new byte[SegmentBytes], TimeSpan.Zero));
        var small = _lab.Stream with { CacheMaximumSizeBytes = (ingest + sealedBytes) / 2 };

        _board.Update(small, CacheInventory.Read(_lab.Layout), _lab.Time.GetUtcNow());

        Assert.Equal(0, Assert.Single(_board.All).OutageHeadroomSeconds!.Value);
    }

    [Fact]
    public void RecordEvicted_TwoSegmentsOfOneStream_CountsThemForThatStreamOnly()
    {
        var yard = _lab.Stream with { StreamId = "yard" };
        _board.RecordEvicted(_lab.Stream.StreamId, 1000);
        _board.RecordEvicted(_lab.Stream.StreamId, 500);

        _board.Update(yard, [], _lab.Time.GetUtcNow());
        _board.Update(_lab.Stream, [], _lab.Time.GetUtcNow());

        Assert.Equal(
            [(_lab.Stream.StreamId, 2L, 1500L), ("yard", 0L, 0L)],
            _board.All.Select(s => (s.StreamId, s.EvictedSegments, s.EvictedBytes)));
    }

    public void Dispose()
    {
        _lab.Dispose();
        _history.Dispose();
    }

    /// <summary>A session ffmpeg is writing, one sealed and one uploaded segment; the bytes of each stage, manifests included.</summary>
    private async Task<(long Ingest, long Sealed, long Uploaded)> FillCacheAsync()
    {
        var writing = _lab.Layout.SessionSegment("20261201T120000000Z", 0);
        Directory.CreateDirectory(Path.GetDirectoryName(writing)!);
        await File.WriteAllBytesAsync(writing, new byte[4096]);
        var uploaded = await _lab.SealAsync(new byte[SegmentBytes], TimeSpan.Zero);
        var waiting = await _lab.SealAsync(new byte[SegmentBytes], TimeSpan.FromSeconds(30), 1);
        Directory.CreateDirectory(_lab.Layout.UploadedFolder);
        File.Move(_lab.Layout.Sealed(uploaded.FileName), _lab.Layout.Uploaded(uploaded.FileName));
        File.Move(CacheLayout.ManifestOf(_lab.Layout.Sealed(uploaded.FileName)), CacheLayout.ManifestOf(_lab.Layout.Uploaded(uploaded.FileName)));
        return (4096, Bytes(_lab.Layout.Sealed(waiting.FileName)), Bytes(_lab.Layout.Uploaded(uploaded.FileName)));
    }

    private static long Bytes(string segmentPath) => new FileInfo(segmentPath).Length + new FileInfo(CacheLayout.ManifestOf(segmentPath)).Length;
}
