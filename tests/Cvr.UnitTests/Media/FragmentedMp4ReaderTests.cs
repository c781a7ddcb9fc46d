using Cvr.Media.Mp4;
using Cvr.Testing;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Media;

public class FragmentedMp4ReaderTests(FfmpegSegments segments) : IClassFixture<FfmpegSegments>
{
    [Fact]
    public async Task ReadIndexAsync_FfmpegSegment_FindsInitFragmentsAndDuration()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);

        Assert.True(index.IsComplete);
        Assert.True(index.InitializationSize > 0);
        Assert.Equal(3, index.Fragments.Count);
        Assert.All(index.Fragments, f => Assert.NotNull(f.Producer));
        Assert.Equal(TimeSpan.FromSeconds(3), index.Duration);
        Assert.Equal(0UL, index.Fragments[0].BaseMediaDecodeTime);
    }

    [Fact]
    public async Task ReadIndexAsync_FileTornInsideLastFragment_IsIncompleteWithCleanCutPoint()
    {
        using var folder = new TemporaryFolder();
        var torn = folder.File("torn.mp4");
        var bytes = await File.ReadAllBytesAsync(segments.First);
        await File.WriteAllBytesAsync(torn, bytes[..(bytes.Length - 1000)]);
        var whole = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);

        var index = await FragmentedMp4Reader.ReadIndexAsync(torn, CancellationToken.None);

        Assert.False(index.IsComplete);
        Assert.Equal(whole.Fragments.Count - 1, index.Fragments.Count);
        Assert.Equal(whole.Fragments[^2].End, index.CompleteLength);
    }

    [Fact]
    public async Task ReadIndexAsync_ZeroFilledTailAfterAPowerCut_IsCutAtTheLastCompleteFragment()
    {
        // The file's size reached the disk, the last fragment's bytes did not: zeros where it should be.
        using var folder = new TemporaryFolder();
        var zeroed = folder.File("zeroed.mp4");
        var bytes = await File.ReadAllBytesAsync(segments.First);
        var whole = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);
        Array.Clear(bytes, (int)whole.Fragments[^1].Offset, bytes.Length - (int)whole.Fragments[^1].Offset);
        await File.WriteAllBytesAsync(zeroed, bytes);

        var index = await FragmentedMp4Reader.ReadIndexAsync(zeroed, CancellationToken.None);

        Assert.False(index.IsComplete);
        Assert.Equal(whole.Fragments.Count - 1, index.Fragments.Count);
        Assert.Equal(whole.Fragments[^2].End, index.CompleteLength);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(64, false)]
    public async Task ReadIndexAsync_LastSampleEndingInZeros_IsTornOnlyWhenMoreThanAStartCodeLeavesBehind(int zeros, bool complete)
    {
        // One zero: the H.265 test camera's payloader sends the next start code's zero byte with a NAL unit.
        // Many: the last page of the file never reached the disk.
        using var folder = new TemporaryFolder();
        var file = folder.File("tail.mp4");
        var bytes = await File.ReadAllBytesAsync(segments.First);
        var whole = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);
        Array.Clear(bytes, (int)whole.Fragments[^1].End - zeros, zeros);
        await File.WriteAllBytesAsync(file, bytes);

        var index = await FragmentedMp4Reader.ReadIndexAsync(file, CancellationToken.None);

        Assert.Equal(complete, index.IsComplete);
    }

    [Fact]
    public async Task ReadIndexAsync_OnlyHeaderWritten_HasNoFragments()
    {
        using var folder = new TemporaryFolder();
        var torn = folder.File("header.mp4");
        var bytes = await File.ReadAllBytesAsync(segments.First);
        var whole = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);
        await File.WriteAllBytesAsync(torn, bytes[..(int)(whole.InitializationSize + 10)]);

        var index = await FragmentedMp4Reader.ReadIndexAsync(torn, CancellationToken.None);

        Assert.Empty(index.Fragments);
        Assert.False(index.IsComplete);
    }

    [Fact]
    public async Task CopyShiftedAsync_Offset_PutsTheVideoThereAfterTheRunsLeadAndKeepsLength()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(segments.First, CancellationToken.None);
        using var folder = new TemporaryFolder();
        var shifted = folder.File("shifted.mp4");
        await using (var source = File.OpenRead(segments.First))
        await using (var output = File.Create(shifted))
        {
            await output.WriteAsync((await File.ReadAllBytesAsync(segments.First)).AsMemory(0, (int)index.InitializationSize));
            await FragmentTimeShifter.CopyShiftedAsync(source, index, TimeSpan.FromSeconds(30), output, CancellationToken.None);
        }

        var result = await FragmentedMp4Reader.ReadIndexAsync(shifted, CancellationToken.None);

        var scale = index.Timescales[index.Fragments[0].TrackId];
        var first = index.Fragments[0].BaseMediaDecodeTime;
        Assert.Equal(index.FileLength, result.FileLength);
        Assert.Equal(
            index.Fragments.Select(f => f.BaseMediaDecodeTime - first + (31UL * scale)),
            result.Fragments.Select(f => f.BaseMediaDecodeTime));
    }
}
