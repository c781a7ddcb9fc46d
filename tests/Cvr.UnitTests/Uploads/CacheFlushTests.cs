using Cvr.Contracts.Events;
using Cvr.Ingest.Uploads;
using Cvr.Media.Cache;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Platform.Messaging;
using Cvr.Testing;

namespace Cvr.UnitTests.Uploads;

/// <summary>The deactivation's wait over a real cache folder and a real SQLite state store, on a fake clock.</summary>
public sealed class CacheFlushTests : IAsyncLifetime
{
    private const string Session = "20261201T115900000Z";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TemporaryFolder _folder = new();
    private readonly ObservedClock _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private PendingUploads _uploads = null!;
    private SegmentProgressHandler _events = null!;
    private CacheFlush _flush = null!;
    private StreamDescriptor _stream = null!;
    private CacheLayout _layout = null!;

    public async Task InitializeAsync()
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        await SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None);
        _uploads = new PendingUploads(new SqliteStateStoreFactory(database));
        _events = new SegmentProgressHandler(_uploads);
        _flush = new CacheFlush(_uploads, _time);
        _layout = new CacheLayout(_folder.File("cache"));
        _stream = new StreamDescriptor("camera", "Topology", "asset", 30, _layout.Root, 1L << 30);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Wait_NothingRecorded_NothingPendingAtOnce()
    {
        var pending = await _flush.WaitAsync(_stream, Timeout, CancellationToken.None);

        Assert.Equal(0, pending);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), _time.GetUtcNow());
    }

    [Fact]
    public async Task Wait_SessionSealedThenUploaded_EndsWhenTheLastUploadIsHeard()
    {
        await RecordAsync(0, 1);
        var wait = _flush.WaitAsync(_stream, Timeout, CancellationToken.None);
        await SealAsync(0, 1);
        Directory.Delete(_layout.SessionFolder(Session), recursive: true);
        await UploadAsync(0);
        Assert.False(wait.IsCompleted);

        await UploadAsync(1);
        var pending = await RunAsync(wait);

        Assert.Equal(0, pending);
        Assert.True(_time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) < Timeout);
    }

    [Fact]
    public async Task Wait_SessionFolderGoneBeforeItsSealIsHeard_StillWaitsForIt()
    {
        await RecordAsync(0);
        var wait = _flush.WaitAsync(_stream, Timeout, CancellationToken.None);
        Directory.Delete(_layout.SessionFolder(Session), recursive: true);
        _time.Advance(CacheFlush.PollInterval * 3);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        await SealAsync(0);
        await UploadAsync(0);

        Assert.Equal(0, await RunAsync(wait));
    }

    [Fact]
    public async Task Wait_StoreNeverAnswers_ReturnsWhatIsLeftAtTheTimeout()
    {
        await SealAsync(0, 1);
        await UploadAsync(0);

        var pending = await RunAsync(_flush.WaitAsync(_stream, Timeout, CancellationToken.None));

        Assert.Equal(1, pending);
        Assert.True(_time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) >= Timeout);
    }

    [Fact]
    public async Task Wait_SegmentEvictedBeforeItsUpload_IsNotWaitedFor()
    {
        await SealAsync(0);
        await _events.HandleAsync(new SegmentEvicted(UploadLedgerTests.Segment(0), SegmentEvicted.CacheFull, _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(0, await _flush.WaitAsync(_stream, Timeout, CancellationToken.None));
    }

    [Fact]
    public async Task Wait_OtherStreamsSegments_AreNotWaitedFor()
    {
        await _events.HandleAsync(new SegmentSealed(UploadLedgerTests.Segment(0, stream: "other"), _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(0, await _flush.WaitAsync(_stream, Timeout, CancellationToken.None));
    }

    [Fact]
    public async Task Wait_EmptySessionTheSegmenterHasNotRemoved_CountsUntilItIsGone()
    {
        Directory.CreateDirectory(_layout.SessionFolder(Session));
        var wait = _flush.WaitAsync(_stream, Timeout, CancellationToken.None);
        _time.Advance(CacheFlush.PollInterval);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        Directory.Delete(_layout.SessionFolder(Session));

        Assert.Equal(0, await RunAsync(wait));
    }

    [Fact]
    public async Task PendingUploads_AnotherInstanceOverTheSameStore_KnowsWhatTheFirstHeard()
    {
        await SealAsync(0);

        var restarted = new PendingUploads(new SqliteStateStoreFactory(new SqliteDatabase(_folder.File("state.db"))));

        Assert.Equal(new[] { UploadLedgerTests.Segment(0).SegmentId }, (await restarted.OfAsync("camera", CancellationToken.None)).Pending);
    }

    /// <summary>What ffmpeg wrote and the ingest timed: a session folder with its timing.csv.</summary>
    private async Task RecordAsync(params long[] sequences)
    {
        Directory.CreateDirectory(_layout.SessionFolder(Session));
        foreach (var sequence in sequences)
        {
            var segment = UploadLedgerTests.Segment(sequence);
            await new SegmentTiming(sequence, TimeSpan.FromSeconds(30 * sequence), TimeSpan.FromSeconds(30 * (sequence + 1)), segment.Start, segment.End, new SegmentClock(ClockSource.Host, null, null))
                .AppendToAsync(_layout.SessionTiming(Session), CancellationToken.None);
        }
    }

    private async Task SealAsync(params long[] sequences)
    {
        foreach (var sequence in sequences)
        {
            Assert.Equal(HandlerOutcome.Success, await _events.HandleAsync(new SegmentSealed(UploadLedgerTests.Segment(sequence), _time.GetUtcNow()), CancellationToken.None));
        }
    }

    private async Task UploadAsync(long sequence)
    {
        var segment = UploadLedgerTests.Segment(sequence);
        Assert.Equal(HandlerOutcome.Success, await _events.HandleAsync(new SegmentUploaded(segment, segment.FileName, _time.GetUtcNow()), CancellationToken.None));
    }

    private Task<int> RunAsync(Task<int> wait) => _time.RunAsync(wait, CacheFlush.PollInterval, TimeSpan.FromSeconds(60));
}
