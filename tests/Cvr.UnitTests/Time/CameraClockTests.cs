using Cvr.Media.Mp4;
using Cvr.Media.Time;

namespace Cvr.UnitTests.Time;

public class CameraClockTests
{
    private static readonly DateTimeOffset CameraZero = new(2026, 12, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private static readonly Dictionary<uint, uint> Scale = new() { [1] = 12800 };

    [Fact]
    public void Anchor_FragmentsAfterTheFirstReport_GiveTheCamerasTimeOfMediaZero()
    {
        // A segment 60 s into the session, fragments of 2 s; prft = the camera's time of each fragment's first sample.
        var segmentStart = TimeSpan.FromSeconds(60);
        var index = Index(segmentStart, [60, 62, 64], camera: true);

        var anchor = CameraClock.Anchor(index, segmentStart, trustedFrom: TimeSpan.FromSeconds(1.28));

        Assert.Equal(CameraZero, anchor);
    }

    [Fact]
    public void Anchor_FragmentsBeforeTheFirstReport_AreIgnored()
    {
        // ffmpeg wrote its own flush time (a fragment later) before the camera's first sender report.
        var fragments = Index(TimeSpan.Zero, [0, 2, 4], camera: true).Fragments.ToList();
        fragments[0] = fragments[0] with { Producer = fragments[0].Producer! with { WallClock = CameraZero.AddSeconds(2.04) } };
        var index = new Mp4SegmentIndex(100, Scale, fragments, 0, 0);

        Assert.Equal(CameraZero, CameraClock.Anchor(index, TimeSpan.Zero, trustedFrom: TimeSpan.FromSeconds(1.28)));
        Assert.Null(CameraClock.Anchor(index, TimeSpan.Zero, trustedFrom: TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Anchor_NoProducerTime_IsUnknown()
    {
        var index = Index(TimeSpan.Zero, [0, 2], camera: false);

        Assert.Null(CameraClock.Anchor(index, TimeSpan.Zero, TimeSpan.Zero));
    }

    [Fact]
    public void Anchor_PrftOnAnAudioTrackListedFirst_CountsInThatTracksTimescale()
    {
        // ffmpeg's prft names its first track: here 48 kHz audio, with 12.8 kHz video second.
        var segmentStart = TimeSpan.FromSeconds(60);
        var fragments = new[] { 60.0, 62, 64 }.Select(start =>
        {
            var seconds = start - segmentStart.TotalSeconds;
            var producer = new ProducerReference(CameraZero.AddSeconds(start), (ulong)(seconds * 48000)) { TrackId = 1 };
            return new Mp4Fragment(0, 0, 2, (ulong)(seconds * 12800), 25600, producer)
            {
                Tracks = [new Mp4TrackFragment(1, (ulong)(seconds * 48000), 96000), new Mp4TrackFragment(2, (ulong)(seconds * 12800), 25600)],
            };
        }).ToList();
        var index = new Mp4SegmentIndex(100, new Dictionary<uint, uint> { [1] = 48000, [2] = 12800 }, fragments, 0, 0);

        var anchor = CameraClock.Anchor(index, segmentStart, trustedFrom: TimeSpan.Zero);

        Assert.Equal(CameraZero, anchor);
    }

    /// <summary>A segment's index whose file timeline starts at 0 (movenc normalises each file).</summary>
    private static Mp4SegmentIndex Index(TimeSpan segmentStart, double[] fragmentStarts, bool camera)
    {
        var fragments = fragmentStarts.Select(start =>
        {
            var inFile = (ulong)Math.Round((start - segmentStart.TotalSeconds) * 12800);
            var producer = camera ? new ProducerReference(CameraZero.AddSeconds(start), inFile) : null;
            return new Mp4Fragment(0, 0, 1, inFile, 25600, producer);
        }).ToList();
        return new Mp4SegmentIndex(100, Scale, fragments, 0, 0);
    }
}
