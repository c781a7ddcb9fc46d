using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.UnitTests.Media;

public class SessionSegmentNameTests
{
    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        var name = SessionSegmentName.Format(42);

        Assert.Equal("seg-000042.mp4", name);
        Assert.True(SessionSegmentName.TryParse(name, out var sequence));
        Assert.Equal(42, sequence);
    }

    [Fact]
    public void Format_IsWhatFfmpegsPatternWrites()
    {
        Assert.Equal(SessionSegmentName.Format(7), SessionSegmentName.FfmpegPattern.Replace("%06d", "000007", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("seg-.mp4")]
    [InlineData("seg-00000x.mp4")]
    [InlineData("seg-000001.json")]
    [InlineData("seg--00001.mp4")]
    [InlineData("segments.csv")]
    [InlineData("20261123T214000.120Z_20261123T213958456Z_000001.mp4")]
    [InlineData(null)]
    public void TryParse_OtherName_Fails(string? name)
    {
        Assert.False(SessionSegmentName.TryParse(name, out _));
    }

    [Fact]
    public void SessionSegments_FolderWithOtherFiles_ListsSegmentsBySequence()
    {
        using var folder = new TemporaryFolder();
        var layout = new CacheLayout(folder.Path);
        const string Session = "20261123T213958456Z";
        Directory.CreateDirectory(layout.SessionFolder(Session));
        foreach (var sequence in new long[] { 1_000_000, 2, 0 })
        {
            File.WriteAllBytes(layout.SessionSegment(Session, sequence), Array.Empty<byte>());
        }

        File.WriteAllText(layout.SessionSegmentList(Session), "");
        File.WriteAllBytes(Path.Combine(layout.SessionFolder(Session), "seg-x.mp4"), Array.Empty<byte>());

        var segments = layout.SessionSegments(Session);

        Assert.Equal([0L, 2L, 1_000_000L], segments.Select(s => s.Sequence));
        Assert.Equal(layout.SessionSegment(Session, 2), segments[1].Path);
    }

    [Fact]
    public void SessionSegments_NoFolder_IsEmpty()
    {
        using var folder = new TemporaryFolder();

        Assert.Empty(new CacheLayout(folder.Path).SessionSegments("20261123T213958456Z"));
    }
}
