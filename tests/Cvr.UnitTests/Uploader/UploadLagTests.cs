using Cvr.Media.Cache;
using Cvr.Uploader;

namespace Cvr.UnitTests.Uploader;

public class UploadLagTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Session = SegmentFileName.NewSessionId(Now.AddHours(-4));

    [Fact]
    public void UploadLag_OldestSealedSegment_IsMeasuredFromItsStart()
    {
        CachedSegment[] contents =
        [
            new(SegmentFileName.Format(Now.AddHours(-3), Session, 0), 10, CacheStage.Uploaded),
            new(SegmentFileName.Format(Now.AddMinutes(-20), Session, 1), 10, CacheStage.Sealed),
            new(SegmentFileName.Format(Now.AddMinutes(-5), Session, 2), 10, CacheStage.Sealed),
            new("seg-000003.mp4", 10, CacheStage.Ingest),
        ];

        Assert.Equal(1200, CacheStatusBoard.UploadLag(contents, Now));
    }

    [Fact]
    public void UploadLag_NothingSealed_IsNull()
    {
        Assert.Null(CacheStatusBoard.UploadLag([new(SegmentFileName.Format(Now.AddHours(-3), Session, 0), 10, CacheStage.Uploaded)], Now));
    }
}
