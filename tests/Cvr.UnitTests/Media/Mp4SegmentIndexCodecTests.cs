using Cvr.Media.Mp4;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Media;

/// <summary>The kept fragment index of real ffmpeg segments (video alone; audio first, then video) survives its codec.</summary>
public class Mp4SegmentIndexCodecTests(FfmpegSegments video, FfmpegAudioVideoSegments audioVideo)
    : IClassFixture<FfmpegSegments>, IClassFixture<FfmpegAudioVideoSegments>
{
    [Fact]
    public async Task Decode_EncodedVideoSegment_GivesWhatServingNeeds()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(video.First, CancellationToken.None);

        var decoded = Mp4SegmentIndexCodec.Decode(Mp4SegmentIndexCodec.Encode(index));

        AssertServesAlike(index, decoded);
    }

    [Fact]
    public async Task Decode_EncodedAudioFirstSegment_KeepsEveryTrackAndTakesTimesFromVideo()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(audioVideo.AudioFirst, CancellationToken.None);

        var decoded = Mp4SegmentIndexCodec.Decode(Mp4SegmentIndexCodec.Encode(index));

        Assert.Equal(2, decoded.Tracks.Count);
        Assert.Equal(index.Video!.TrackId, decoded.Video!.TrackId);
        AssertServesAlike(index, decoded);
    }

    [Fact]
    public async Task Encode_SegmentOfThreeFragments_TakesFarLessThanBlobMetadataAllows()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(video.First, CancellationToken.None);

        Assert.InRange(Mp4SegmentIndexCodec.Encode(index).Length, 1, 200);
    }

    [Fact]
    public async Task Decode_CutShort_IsInvalidData()
    {
        var encoded = Mp4SegmentIndexCodec.Encode(await FragmentedMp4Reader.ReadIndexAsync(video.First, CancellationToken.None));

        Assert.Throws<InvalidDataException>(() => Mp4SegmentIndexCodec.Decode(encoded.AsSpan(0, encoded.Length - 3)));
    }

    [Fact]
    public void Decode_AnotherVersion_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => Mp4SegmentIndexCodec.Decode([99, 1, 2, 3]));
    }

    private static void AssertServesAlike(Mp4SegmentIndex expected, Mp4SegmentIndex actual)
    {
        Assert.Equal(expected.InitializationSize, actual.InitializationSize);
        Assert.Equal(expected.CompleteLength, actual.CompleteLength);
        Assert.Equal(expected.FileLength, actual.FileLength);
        Assert.Equal(expected.Timescales, actual.Timescales);
        Assert.Equal(expected.Tracks.Select(t => (t.TrackId, t.Handler, t.Timescale)), actual.Tracks.Select(t => (t.TrackId, t.Handler, t.Timescale)));
        Assert.Equal(expected.Fragments.Count, actual.Fragments.Count);
        for (var i = 0; i < expected.Fragments.Count; i++)
        {
            var (e, a) = (expected.Fragments[i], actual.Fragments[i]);
            Assert.Equal((e.Offset, e.End, e.TrackId, e.BaseMediaDecodeTime, e.Duration), (a.Offset, a.End, a.TrackId, a.BaseMediaDecodeTime, a.Duration));
            Assert.Equal(expected.Fragments[i].Tracks, actual.Fragments[i].Tracks);
        }

        Assert.Equal(expected.Duration, actual.Duration);
        Assert.Equal(FragmentTimeShifter.TimingStart(expected), FragmentTimeShifter.TimingStart(actual));
    }
}
