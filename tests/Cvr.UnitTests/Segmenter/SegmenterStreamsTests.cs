using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Segmenter;
using Cvr.Testing;

namespace Cvr.UnitTests.Segmenter;

public sealed class SegmenterStreamsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task ForgetDrainedAsync_DeactivatedWithASessionLeftToSeal_KeepsTheStreamUntilTheSessionIsDone()
    {
        var layout = new CacheLayout(_folder.File("cache"));
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, layout.Root, 1L << 30);
        var streams = await StreamsAsync();
        await streams.RegisterAsync(stream, T0, CancellationToken.None);
        var session = layout.SessionFolder(SegmentFileName.NewSessionId(T0));
        Directory.CreateDirectory(session);
        await streams.RetireAsync(stream.StreamId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Empty(await streams.ForgetDrainedAsync(CancellationToken.None));

        Directory.Delete(session); // sealed and removed, as SessionProcessor does
        Assert.Equal([stream.StreamId], await streams.ForgetDrainedAsync(CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<SegmenterStreams> StreamsAsync()
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        await SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None);
        return new SegmenterStreams(new SqliteStateStoreFactory(database));
    }
}
