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
