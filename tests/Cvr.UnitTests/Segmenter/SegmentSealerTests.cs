using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Segmenter;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cvr.UnitTests.Segmenter;

public class SegmentSealerTests(FfmpegSegments segments, FfmpegAudioVideoSegments audioVideo)
    : IClassFixture<FfmpegSegments>, IClassFixture<FfmpegAudioVideoSegments>, IDisposable
{
    private const string Session = "20261123T120000000Z";
    private readonly TemporaryFolder _folder = new();
    private readonly SealedSegments _publisher = new();

    [Fact]
    public async Task SealAsync_ListedSegment_IsRenamedIndexedAndAnnouncedOnce()
    {
        var (sealer, layout, stream) = await ArrangeAsync(await File.ReadAllBytesAsync(segments.First));

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Timed(Timing), CancellationToken.None);

        Assert.NotNull(sealedSegment);
        Assert.False(File.Exists(layout.SessionSegment(Session, 0)));
        Assert.True(File.Exists(layout.Sealed(sealedSegment.FileName)));
        Assert.Equal((Timing.Start, Timing.End, Timing.Clock), (sealedSegment.Start, sealedSegment.End, sealedSegment.Clock));
        Assert.Equal(sealedSegment, Assert.Single(_publisher.Sealed).Segment);
        Assert.Equal(sealedSegment, await SegmentManifest.ReadAsync(layout.Sealed(sealedSegment.FileName), CancellationToken.None));
    }

    [Fact]
    public async Task SealAsync_TornByCrash_IsTruncatedToCompleteFragmentsAndPlays()
    {
        var whole = await File.ReadAllBytesAsync(segments.First);
        var (sealer, layout, stream) = await ArrangeAsync(whole[..^700]);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Timed(Timing), CancellationToken.None);

        var path = layout.Sealed(sealedSegment!.FileName);
        var index = await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None);
        Assert.True(index.IsComplete);
        Assert.Equal(Timing.Start, sealedSegment.Start);
        Assert.Equal(TimeSpan.FromSeconds(2), sealedSegment.Duration);
        Assert.Equal(new FileInfo(path).Length, sealedSegment.SizeBytes);
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"]);
        Assert.True(exitCode == 0 && errors.Length == 0, errors);
    }

    [Fact]
    public async Task SealAsync_AudioFirstTornAndZeroFilled_KeepsFragmentsCompleteForBothTracksAndPlays()
    {
        // A power cut in the last fragment's video samples, the file's length kept: zeros from there on.
        var whole = await File.ReadAllBytesAsync(audioVideo.AudioFirstSecond);
        var video = (await Ffprobe.PacketsAsync(audioVideo.AudioFirstSecond)).Last(p => p.StreamIndex == 1);
        var cut = (int)(video.Pos + (video.Size / 2));
        var (sealer, layout, stream) = await ArrangeAsync([.. whole[..cut], .. new byte[whole.Length - cut]]);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Recovered(Timing.End), CancellationToken.None);

        var path = layout.Sealed(sealedSegment!.FileName);
        Assert.True((await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None)).IsComplete);
        Assert.Equal(TimeSpan.FromSeconds(1), sealedSegment.Duration); // the video's first fragment
        var packets = await Ffprobe.PacketsAsync(path);
        Assert.Equal(25, packets.Count(p => p.StreamIndex == 1));
        Assert.InRange(packets.Count(p => p.StreamIndex == 0), 46, 48); // a second of 1024-sample AAC frames at 48 kHz
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0", "-f", "null", "-"]);
        Assert.True(exitCode == 0 && errors.Length == 0, errors);
    }

    [Fact]
    public async Task SealAsync_H265WithAac_CarriesItsMediaInTheManifestAndTheEvent()
    {
        var (sealer, layout, stream) = await ArrangeAsync(await File.ReadAllBytesAsync(audioVideo.Hevc));
        var index = await FragmentedMp4Reader.ReadIndexAsync(audioVideo.Hevc, CancellationToken.None);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Timed(Timing), CancellationToken.None);

        // 50 frames of 320x240 over the video's 2.064 s (ffmpeg stretched the first frame to start with the
        // AAC): frames over duration, as the facts are defined; the bitrate is the file's bits over that time.
        var media = sealedSegment!.Media!;
        var seconds = index.Duration.TotalSeconds;
        Assert.Equal(2.064, seconds, 0.001);
        Assert.Equal(new SegmentMedia($"{index.Video!.Codec},mp4a.40.2", 320, 240, Math.Round(50 / seconds, 3), (long)Math.Round(sealedSegment.SizeBytes * 8 / seconds)), media);
        Assert.StartsWith("hvc1.1.6.", media.Codecs, StringComparison.Ordinal);
        Assert.Equal(media, Assert.Single(_publisher.Sealed).Segment.Media);
        Assert.Equal(media, (await SegmentManifest.ReadAsync(layout.Sealed(sealedSegment.FileName), CancellationToken.None))!.Media);
    }

    [Fact]
    public async Task SealAsync_NoCompleteFragment_IsDiscardedNotAnnounced()
    {
        var whole = await File.ReadAllBytesAsync(segments.First);
        var index = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);
        var (sealer, layout, stream) = await ArrangeAsync(whole[..(int)(index.InitializationSize + 100)]);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Recovered(null), CancellationToken.None);

        Assert.Null(sealedSegment);
        Assert.False(File.Exists(layout.SessionSegment(Session, 0)));
        Assert.Empty(_publisher.Sealed);
        Assert.Empty(CacheLayout.SegmentsIn(layout.SealedFolder));
    }

    [Fact]
    public async Task SealAsync_NeverTimedAfterAKnownSegment_StartsWhereThatOneEnded()
    {
        var (sealer, layout, stream) = await ArrangeAsync(await File.ReadAllBytesAsync(segments.First));

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Recovered(Timing.End), CancellationToken.None);

        Assert.Equal(Timing.End, sealedSegment!.Start);
        Assert.Equal(TimeSpan.FromSeconds(3), sealedSegment.Duration);
        Assert.Equal(new SegmentClock(ClockSource.Recovered, null, null), sealedSegment.Clock);
    }

    [Fact]
    public async Task SealAsync_NeverTimedWithoutPredecessor_EndsWhenItsFileWasLastWritten()
    {
        var (sealer, layout, stream) = await ArrangeAsync(await File.ReadAllBytesAsync(segments.First));
        var lastWrite = new DateTime(2026, 11, 23, 12, 0, 33, 250, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(layout.SessionSegment(Session, 0), lastWrite);

        var sealedSegment = await sealer.SealAsync(stream, layout, Session, 0, SegmentPlacement.Recovered(null), CancellationToken.None);

        Assert.Equal(new DateTimeOffset(lastWrite), sealedSegment!.End);
        Assert.Equal(TimeSpan.FromSeconds(3), sealedSegment.Duration);
        Assert.Equal(ClockSource.Recovered, sealedSegment.Clock!.Source);
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The ingest's timing of the first segment: 3 s of media, slewed by 1 ms, started just after a boundary.</summary>
    private static SegmentTiming Timing { get; } = new(
        0,
        TimeSpan.Zero,
        TimeSpan.FromSeconds(3),
        new DateTimeOffset(2026, 11, 23, 12, 0, 30, 41, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 23, 12, 0, 33, 42, TimeSpan.Zero),
        new SegmentClock(ClockSource.Host, 0.4, -12.5));

    private async Task<(SegmentSealer Sealer, CacheLayout Layout, StreamDescriptor Stream)> ArrangeAsync(byte[] segment)
    {
        await Task.Yield();
        var layout = new CacheLayout(_folder.File("cache"));
        Directory.CreateDirectory(layout.SessionFolder(Session));
        await File.WriteAllBytesAsync(layout.SessionSegment(Session, 0), segment);
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, layout.Root, 1L << 30);
        var sealer = new SegmentSealer(_publisher, TimeProvider.System, NullLogger<SegmentSealer>.Instance);
        return (sealer, layout, stream);
    }
}
