using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Segmenter;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cvr.UnitTests.Segmenter;

/// <summary>
/// A session folder as a power cut leaves it, recovered the way the segmenter recovers it after the
/// restart: the ingest's timing and ffmpeg's list lost their last lines (never synced), the segment
/// being written lost its last fragment (zeros where it was), and the restarted ingest marked the
/// session closed. Nothing complete may be lost, nothing garbage sealed.
/// </summary>
public sealed class PowerCutRecoveryTests(FfmpegSegments segments) : IClassFixture<FfmpegSegments>, IDisposable
{
    private const string Session = "20261201T120000000Z";
    private readonly TemporaryFolder _folder = new();
    private readonly SealedSegments _publisher = new();

    [Fact]
    public async Task Recovery_AfterAPowerCut_SealsEveryCompleteFragmentAndNothingElse()
    {
        var layout = new CacheLayout(_folder.File("cache"));
        var folder = layout.SessionFolder(Session);
        Directory.CreateDirectory(folder);
        var first = await File.ReadAllBytesAsync(segments.First);
        var second = await File.ReadAllBytesAsync(Path.Combine(segments.Folder, "seg-000001.mp4"));
        await File.WriteAllBytesAsync(layout.SessionSegment(Session, 0), first);
        var secondIndex = await FragmentedMp4Reader.ReadIndexAsync(Path.Combine(segments.Folder, "seg-000001.mp4"), CancellationToken.None);
        Array.Clear(second, (int)secondIndex.Fragments[^1].Offset, second.Length - (int)secondIndex.Fragments[^1].Offset);
        await File.WriteAllBytesAsync(layout.SessionSegment(Session, 1), second);
        await File.WriteAllBytesAsync(layout.SessionSegment(Session, 2), new byte[4096]); // created, never written
        await File.WriteAllTextAsync(layout.SessionSegmentList(Session), string.Empty);   // its lines were lost
        await File.WriteAllTextAsync(layout.SessionTiming(Session), string.Empty);
        await File.WriteAllTextAsync(layout.SessionClosedMarker(Session), "IngestRestarted");
        var lastWrite = new DateTime(2026, 12, 1, 12, 0, 33, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(layout.SessionSegment(Session, 0), lastWrite);

        await Processor().ProcessAsync(Stream(layout), layout, Session, CancellationToken.None);

        Assert.Equal([0L, 1L], _publisher.Sealed.Select(s => s.Segment.Sequence));
        var (zero, one) = (_publisher.Sealed[0].Segment, _publisher.Sealed[1].Segment);
        Assert.Equal(new DateTimeOffset(lastWrite), zero.End);
        Assert.Equal(zero.End, one.Start);
        Assert.Equal(TimeSpan.FromSeconds(3), zero.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2), one.Duration); // its last fragment (one GOP) is what the cut cost
        Assert.All(_publisher.Sealed, s => Assert.Equal(ClockSource.Recovered, s.Segment.Clock!.Source));
        foreach (var segment in _publisher.Sealed.Select(s => s.Segment))
        {
            var path = layout.Sealed(segment.FileName);
            Assert.True((await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None)).IsComplete);
            Assert.Equal(segment.Sha256, await FileHash.Sha256Async(path, CancellationToken.None));
            Assert.Equal(segment, await SegmentManifest.ReadAsync(path, CancellationToken.None));
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Recovery_TimedSegmentThenUntimedOne_PlacesTheUntimedRightAfter()
    {
        var layout = new CacheLayout(_folder.File("cache"));
        Directory.CreateDirectory(layout.SessionFolder(Session));
        File.Copy(segments.First, layout.SessionSegment(Session, 0));
        File.Copy(Path.Combine(segments.Folder, "seg-000001.mp4"), layout.SessionSegment(Session, 1));
        var timing = new SegmentTiming(0, TimeSpan.Zero, TimeSpan.FromSeconds(3), new DateTimeOffset(2026, 12, 1, 12, 0, 0, 41, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 12, 0, 3, 41, TimeSpan.Zero), new SegmentClock(ClockSource.Host, 0.1, 2));
        await timing.AppendToAsync(layout.SessionTiming(Session), CancellationToken.None);
        await File.WriteAllTextAsync(layout.SessionClosedMarker(Session), "IngestRestarted");

        await Processor().ProcessAsync(Stream(layout), layout, Session, CancellationToken.None);

        Assert.Equal(2, _publisher.Sealed.Count);
        Assert.Equal(timing.Clock, _publisher.Sealed[0].Segment.Clock);
        Assert.Equal(timing.End, _publisher.Sealed[1].Segment.Start);
        Assert.Equal(ClockSource.Recovered, _publisher.Sealed[1].Segment.Clock!.Source);
    }

    [Fact]
    public async Task Recovery_PredecessorSealedButItsTimingLineLost_PlacesTheNextRightAfterItsManifest()
    {
        var layout = new CacheLayout(_folder.File("cache"));
        Directory.CreateDirectory(layout.SessionFolder(Session));
        File.Copy(segments.First, layout.SessionSegment(Session, 0));
        var timing = new SegmentTiming(0, TimeSpan.Zero, TimeSpan.FromSeconds(3), new DateTimeOffset(2026, 12, 1, 12, 0, 0, 41, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 12, 0, 3, 41, TimeSpan.Zero), new SegmentClock(ClockSource.Host, 0.1, 2));
        await timing.AppendToAsync(layout.SessionTiming(Session), CancellationToken.None);
        await Processor().ProcessAsync(Stream(layout), layout, Session, CancellationToken.None);
        await File.WriteAllTextAsync(layout.SessionTiming(Session), string.Empty); // the power cut took the line
        File.Copy(Path.Combine(segments.Folder, "seg-000001.mp4"), layout.SessionSegment(Session, 1));
        await File.WriteAllTextAsync(layout.SessionClosedMarker(Session), "IngestRestarted");

        await Processor().ProcessAsync(Stream(layout), layout, Session, CancellationToken.None);

        Assert.Equal(timing.End, _publisher.Sealed[1].Segment.Start);
    }

    public void Dispose() => _folder.Dispose();

    private static StreamDescriptor Stream(CacheLayout layout) => new("camera", "Topology", "asset", 30, layout.Root, 1L << 30);

    private SessionProcessor Processor() =>
        new(new SegmentSealer(_publisher, TimeProvider.System, NullLogger<SegmentSealer>.Instance), NullLogger<SessionProcessor>.Instance);
}
