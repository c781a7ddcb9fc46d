using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.UnitTests.Media;

public class SegmentListEntryTests
{
    [Fact]
    public void TryParse_FfmpegCsvLine_ReadsSequenceAndTimes()
    {
        Assert.True(SegmentListEntry.TryParse("seg-000003.mp4,19.960000,49.960000", out var entry));

        Assert.Equal(3, entry!.Sequence);
        Assert.Equal(TimeSpan.FromSeconds(19.96), entry.Start);
        Assert.Equal(TimeSpan.FromSeconds(49.96), entry.End);
    }

    [Theory]
    [InlineData("segments.csv,0.000000,10.000000")]
    [InlineData("seg-00000x.mp4,0.000000,10.000000")]
    public void TryParse_LineOfAnotherFile_Fails(string line)
    {
        Assert.False(SegmentListEntry.TryParse(line, out _));
    }

    [Fact]
    public async Task ReadAllAsync_LastLineNotYetTerminated_IsIgnored()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("segments.csv");
        await File.WriteAllTextAsync(path, "seg-000000.mp4,0.000000,10.000000\nseg-000001.mp4,10.0000");

        var entries = await SegmentListEntry.ReadAllAsync(path, CancellationToken.None);

        Assert.Single(entries);
    }
}
