using Cvr.Ingest.Recording;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Cvr.Testing;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Media;

/// <summary>Cutting a segment where the camera's stream changed: at a fragment boundary, whole fragments kept, the rest gone.</summary>
public class Mp4CutTests(FfmpegSegments segments) : IClassFixture<FfmpegSegments>
{
    private const string Session = "20261201T120000000Z";

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(1.5, 2)]
    [InlineData(2.0, 2)]
    public async Task BeforeAsync_InsideTheSegment_KeepsTheFragmentsThatStartBefore(double seconds, int fragments)
    {
        using var folder = new TemporaryFolder();
        var file = folder.File("cut.mp4");
        File.Copy(segments.First, file);

        var kept = await Mp4Cut.BeforeAsync(file, TimeSpan.FromSeconds(seconds), CancellationToken.None);

        var index = await FragmentedMp4Reader.ReadIndexAsync(file, CancellationToken.None);
        Assert.True(index.IsComplete);
        Assert.Equal(fragments, index.Fragments.Count);
        Assert.Equal(TimeSpan.FromSeconds(fragments), kept);
        Assert.Equal(kept, index.Duration);
        var (code, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]);
        Assert.True(code == 0 && errors.Length == 0, errors);
    }

    [Fact]
    public async Task BeforeAsync_AfterTheEnd_ChangesNothing()
    {
        using var folder = new TemporaryFolder();
        var file = folder.File("whole.mp4");
        File.Copy(segments.First, file);

        var kept = await Mp4Cut.BeforeAsync(file, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3), kept);
        Assert.Equal(await File.ReadAllBytesAsync(segments.First), await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task KeepBeforeAsync_ChangeAtTheSegmentsFirstKeyframe_RemovesTheFile()
    {
        using var folder = new TemporaryFolder();
        var (layout, entry) = ListedSegment(folder);

        var atStart = await StreamChangeCut.KeepBeforeAsync(layout, Session, entry, TimeSpan.FromSeconds(12), CancellationToken.None);

        Assert.Null(atStart);
        Assert.False(File.Exists(layout.SessionSegment(Session, 4)));
    }

    [Fact]
    public async Task KeepBeforeAsync_ChangeInsideTheSegment_EndsItsEntryThere()
    {
        using var folder = new TemporaryFolder();
        var (layout, entry) = ListedSegment(folder);

        var kept = await StreamChangeCut.KeepBeforeAsync(layout, Session, entry, TimeSpan.FromSeconds(14), CancellationToken.None);

        Assert.Equal(entry with { End = TimeSpan.FromSeconds(14) }, kept);
    }

    /// <summary>The 3-s test segment as the fifth of a session, listed from 12 s to 15 s of its stream time.</summary>
    private (CacheLayout Layout, SegmentListEntry Entry) ListedSegment(TemporaryFolder folder)
    {
        var layout = new CacheLayout(folder.Path);
        Directory.CreateDirectory(layout.SessionFolder(Session));
        File.Copy(segments.First, layout.SessionSegment(Session, 4));
        return (layout, new SegmentListEntry("seg-000004.mp4", 4, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(15)));
    }
}
