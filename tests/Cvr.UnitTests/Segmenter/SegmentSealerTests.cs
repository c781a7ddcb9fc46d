using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Platform.Messaging;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Segmenter;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cvr.UnitTests.Segmenter;

public class SegmentSealerTests(FfmpegSegments segments) : IClassFixture<FfmpegSegments>, IDisposable
{
    private const string Session = "20261123T120000000Z";
    private readonly TemporaryFolder _folder = new();
    private readonly CapturingPublisher _publisher = new();

    [Fact]
    public async Task SealAsync_ListedSegment_IsRenamedIndexedAndAnnouncedOnce()
    {
        var (sealer, layout, stream) = await ArrangeAsync(await File.ReadAllBytesAsync(segments.First));

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, TimeSpan.Zero, TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.NotNull(sealedSegment);
        Assert.False(File.Exists(layout.SessionSegment(Session, 0)));
        Assert.True(File.Exists(layout.Sealed(sealedSegment.FileName)));
        Assert.Equal(TimeSpan.FromSeconds(3), sealedSegment.Duration);
        Assert.Equal(sealedSegment, Assert.Single(_publisher.Sealed).Segment);
        Assert.Equal(sealedSegment, await SegmentManifest.ReadAsync(layout.Sealed(sealedSegment.FileName), CancellationToken.None));
    }

    [Fact]
    public async Task SealAsync_TornByCrash_IsTruncatedToCompleteFragmentsAndPlays()
    {
        var whole = await File.ReadAllBytesAsync(segments.First);
        var (sealer, layout, stream) = await ArrangeAsync(whole[..^700]);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, TimeSpan.Zero, streamEnd: null, CancellationToken.None);

        var path = layout.Sealed(sealedSegment!.FileName);
        var index = await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None);
        Assert.True(index.IsComplete);
        Assert.Equal(TimeSpan.FromSeconds(2), sealedSegment.Duration);
        Assert.Equal(new FileInfo(path).Length, sealedSegment.SizeBytes);
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"]);
        Assert.True(exitCode == 0 && errors.Length == 0, errors);
    }

    [Fact]
    public async Task SealAsync_NoCompleteFragment_IsDiscardedNotAnnounced()
    {
        var whole = await File.ReadAllBytesAsync(segments.First);
        var index = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);
        var (sealer, layout, stream) = await ArrangeAsync(whole[..(int)(index.InitializationSize + 100)]);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, TimeSpan.Zero, streamEnd: null, CancellationToken.None);

        Assert.Null(sealedSegment);
        Assert.False(File.Exists(layout.SessionSegment(Session, 0)));
        Assert.Empty(_publisher.Sealed);
        Assert.Empty(CacheLayout.SegmentsIn(layout.SealedFolder));
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<(SegmentSealer Sealer, CacheLayout Layout, StreamDescriptor Stream)> ArrangeAsync(byte[] segment)
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        await SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None);
        var layout = new CacheLayout(_folder.File("cache"));
        Directory.CreateDirectory(layout.SessionFolder(Session));
        await File.WriteAllBytesAsync(layout.SessionSegment(Session, 0), segment);
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, layout.Root, 1L << 30);
        var sealer = new SegmentSealer(new SessionAnchors(new SqliteStateStoreFactory(database)), _publisher, TimeProvider.System, NullLogger<SegmentSealer>.Instance);
        return (sealer, layout, stream);
    }

    private sealed class CapturingPublisher : IEventPublisher
    {
        public List<SegmentSealed> Sealed { get; } = [];

        public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
            where TEvent : IIntegrationEvent
        {
            if (@event is SegmentSealed sealedEvent)
            {
                Sealed.Add(sealedEvent);
            }

            return Task.CompletedTask;
        }
    }
}
