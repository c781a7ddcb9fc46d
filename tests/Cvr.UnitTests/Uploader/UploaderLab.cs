using System.Diagnostics.Metrics;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Messaging;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Platform.Storage;
using Cvr.Testing;
using Cvr.Uploader;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Uploader;

/// <summary>
/// The uploader's parts over real files: a stream's cache, a folder asset store, embedded SQLite state,
/// and a publisher that records each event with what was on disk at the moment it was published.
/// </summary>
internal sealed class UploaderLab : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private UploadMetrics? _metrics;

    public UploaderLab()
    {
        Layout = new CacheLayout(_folder.File("cache"));
        Store = new FolderAssetStore(_folder.File("assets"));
        var database = new SqliteDatabase(_folder.File("state.db"));
        SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None).GetAwaiter().GetResult();
        Streams = new UploaderStreams(new SqliteStateStoreFactory(database), Board);
        Stream = new StreamDescriptor("camera", "Topology", "asset", 30, Layout.Root, 1L << 30);
        Streams.RegisterAsync(Stream, Time.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
        Publisher = new RecordingPublisher(Layout);
    }

    public CacheLayout Layout { get; }

    public FolderAssetStore Store { get; }

    public UploaderStreams Streams { get; }

    public StreamDescriptor Stream { get; }

    public RecordingPublisher Publisher { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public UploadQueue Queue { get; } = new();

    public CacheStatusBoard Board { get; } = new();

    /// <summary>The uploader's instruments on the lab's board; a test reads them with a MetricCollector.</summary>
    public UploadMetrics Metrics => _metrics ??= new UploadMetrics(Meters, Board);

    public IMeterFactory Meters { get; } = new MeterFactory();

    public CacheEviction Eviction() => new(Queue, Publisher, new CacheStatusBoard(), Metrics, Time, NullLogger<CacheEviction>.Instance);

    public SegmentUploader Uploader() => new(Store, Publisher, Metrics, Time, NullLogger<SegmentUploader>.Instance);

    public StoreExpiry Expiry() => new(Store, Publisher, Streams, Metrics, Time, NullLogger<StoreExpiry>.Instance);

    public RetentionWorker Retention(TimeSpan? hostDefault = null) =>
        new(Store, Expiry(), Streams, Options.Create(new UploaderOptions { RetentionPeriod = hostDefault is { } period ? Cvr.Contracts.Json.IsoDuration.Format(period) : null }), Time, NullLogger<RetentionWorker>.Instance);

    /// <summary>A sealed segment of <paramref name="bytes"/> starting <paramref name="start"/> after the lab's time, lasting 30 s.</summary>
    public async Task<SegmentDescriptor> SealAsync(byte[] bytes, TimeSpan start, long sequence = 0)
    {
        var begin = Time.GetUtcNow() + start;
        var name = SegmentFileName.Format(begin, "20261201T115900000Z", sequence);
        Directory.CreateDirectory(Layout.SealedFolder);
        var path = Layout.Sealed(name);
        await File.WriteAllBytesAsync(path, bytes);
        var segment = new SegmentDescriptor(Stream.StreamId, Stream.AssetName, "20261201T115900000Z", sequence, begin, begin.AddSeconds(30), bytes.Length, await FileHash.Sha256Async(path, CancellationToken.None), name);
        await SegmentManifest.WriteAsync(path, segment, CancellationToken.None);
        return segment;
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Every event, with whether the segment's file (sealed or uploaded) still existed when it was published.</summary>
    internal sealed class RecordingPublisher(CacheLayout layout) : IEventPublisher
    {
        public List<(object Event, bool FileExisted)> Published { get; } = [];

        public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
            where TEvent : IIntegrationEvent
        {
            var segment = @event switch
            {
                SegmentEvicted e => e.Segment,
                SegmentExpired e => e.Segment,
                SegmentUploaded e => e.Segment,
                _ => null,
            };
            Published.Add((@event, segment is not null && layout.Find(segment.FileName) is not null));
            return Task.CompletedTask;
        }
    }

    private sealed class MeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
