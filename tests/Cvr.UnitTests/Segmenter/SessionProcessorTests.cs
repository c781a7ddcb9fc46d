using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Segmenter;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Segmenter;

/// <summary>
/// One session folder as the ingest writes it, with real ffmpeg segments, looked at tick after tick
/// the way the segmenter does: what is timed is sealed once, what is not yet timed waits while the
/// session is open, and a closed session is settled and its folder removed.
/// </summary>
public sealed class SessionProcessorTests : IClassFixture<FfmpegSegments>, IDisposable
{
    private const string Session = "20261201T120000000Z";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, 40, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(T0.AddSeconds(7));
    private readonly SealedSegments _publisher = new();
    private readonly CacheLayout _layout;
    private readonly StreamDescriptor _stream;
    private readonly SessionProcessor _processor;
    private readonly FfmpegSegments _segments;

    public SessionProcessorTests(FfmpegSegments segments)
    {
        _segments = segments;
        _layout = new CacheLayout(_folder.File("cache"));
        _stream = new StreamDescriptor("camera", "Topology", "asset", 30, _layout.Root, 1L << 30);
        _processor = new SessionProcessor(Sealer(), NullLogger<SessionProcessor>.Instance);
    }

    [Fact]
    public async Task ProcessAsync_OpenSessionWithOneSegmentTimed_SealsThatOneAndLeavesTheRest()
    {
        await WriteSegmentsAsync(0, 1);
        await TimeAsync(0);

        await ProcessAsync();

        var sealedSegment = Assert.Single(_publisher.Sealed).Segment;
        Assert.Equal((0L, T0, T0.AddSeconds(3)), (sealedSegment.Sequence, sealedSegment.Start, sealedSegment.End));
        Assert.Equal([_layout.Sealed(sealedSegment.FileName)], CacheLayout.SegmentsIn(_layout.SealedFolder));
        Assert.False(File.Exists(_layout.SessionSegment(Session, 0)));
        Assert.True(File.Exists(_layout.SessionSegment(Session, 1)));
    }

    [Fact]
    public async Task ProcessAsync_EveryTick_SealsEachSegmentOnceAsItIsTimed()
    {
        await WriteSegmentsAsync(0, 1);
        await TimeAsync(0);

        await ProcessAsync();
        await ProcessAsync();
        await TimeAsync(1);
        await ProcessAsync();
        await ProcessAsync();

        Assert.Equal([0L, 1L], _publisher.Sealed.Select(s => s.Segment.Sequence));
        Assert.Equal(T0.AddSeconds(3), _publisher.Sealed[1].Segment.Start);
        Assert.True(Directory.Exists(_layout.SessionFolder(Session))); // open: ffmpeg may write the next one
    }

    [Fact]
    public async Task ProcessAsync_SessionClosed_SealsWhatIsLeftAndRemovesTheFolder()
    {
        await WriteSegmentsAsync(0, 1);
        await TimeAsync(0);
        await TimeAsync(1);
        await File.WriteAllTextAsync(_layout.SessionClosedMarker(Session), nameof(DisconnectReason.CameraUnreachable));

        await ProcessAsync();

        Assert.Equal([0L, 1L], _publisher.Sealed.Select(s => s.Segment.Sequence));
        Assert.All(_publisher.Sealed, s => Assert.Equal(ClockSource.Host, s.Segment.Clock!.Source));
        Assert.Equal(2, CacheLayout.SegmentsIn(_layout.SealedFolder).Count);
        Assert.False(Directory.Exists(_layout.SessionFolder(Session)));
    }

    [Fact]
    public async Task ProcessAsync_ClosedAttemptThatNeverReceivedMedia_RemovesTheFolderAnnouncingNothing()
    {
        Directory.CreateDirectory(_layout.SessionFolder(Session));
        await File.WriteAllTextAsync(_layout.SessionClosedMarker(Session), nameof(DisconnectReason.CameraUnreachable));

        await ProcessAsync();

        Assert.Empty(_publisher.Sealed);
        Assert.False(Directory.Exists(_layout.SealedFolder));
        Assert.False(Directory.Exists(_layout.SessionFolder(Session)));
    }

    [Fact]
    public async Task ProcessAsync_AfterARestart_DoesNotAnnounceAgainWhatWasSealedBefore()
    {
        await WriteSegmentsAsync(0, 1);
        await TimeAsync(0);
        await ProcessAsync();

        // A new segmenter process reads the same timing from its first line.
        await TimeAsync(1);
        await ProcessAsync(new SessionProcessor(Sealer(), NullLogger<SessionProcessor>.Instance));

        Assert.Equal([0L, 1L], _publisher.Sealed.Select(s => s.Segment.Sequence));
    }

    public void Dispose() => _folder.Dispose();

    private SegmentSealer Sealer() => new(_publisher, _time, NullLogger<SegmentSealer>.Instance);

    private Task ProcessAsync(SessionProcessor? processor = null) =>
        (processor ?? _processor).ProcessAsync(_stream, _layout, Session, CancellationToken.None);

    /// <summary>ffmpeg's files for these sequences (3 s each) in the session folder.</summary>
    private async Task WriteSegmentsAsync(params long[] sequences)
    {
        Directory.CreateDirectory(_layout.SessionFolder(Session));
        foreach (var sequence in sequences)
        {
            await File.WriteAllBytesAsync(_layout.SessionSegment(Session, sequence), await File.ReadAllBytesAsync(Path.Combine(_segments.Folder, $"seg-{sequence:D6}.mp4")));
        }
    }

    /// <summary>The ingest's timing line for a segment ffmpeg closed: 3 s from T0 + 3 s × sequence.</summary>
    private Task TimeAsync(long sequence) =>
        new SegmentTiming(
            sequence,
            TimeSpan.FromSeconds(3 * sequence),
            TimeSpan.FromSeconds(3 * (sequence + 1)),
            T0.AddSeconds(3 * sequence),
            T0.AddSeconds(3 * (sequence + 1)),
            new SegmentClock(ClockSource.Host, 0.1, 2)).AppendToAsync(_layout.SessionTiming(Session), CancellationToken.None);
}
