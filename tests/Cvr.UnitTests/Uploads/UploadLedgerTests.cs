using Cvr.Contracts.Events;
using Cvr.Ingest.Uploads;

namespace Cvr.UnitTests.Uploads;

public class UploadLedgerTests
{
    [Fact]
    public void Sealed_ThenUploaded_NothingPending()
    {
        var ledger = new UploadLedger();

        ledger.Sealed(Segment(0));
        ledger.Settled(Segment(0));

        Assert.Empty(ledger.Pending);
        Assert.True(ledger.IsSealed(Session, 0));
    }

    [Fact]
    public void Sealed_Redelivered_PendingOnce()
    {
        var ledger = new UploadLedger();

        Assert.True(ledger.Sealed(Segment(0)));
        Assert.False(ledger.Sealed(Segment(0)));

        Assert.Equal(new[] { Segment(0).SegmentId }, ledger.Pending);
    }

    [Fact]
    public void Sealed_HeardAfterItsUpload_DoesNotComeBack()
    {
        var ledger = new UploadLedger();

        ledger.Settled(Segment(3));
        var changed = ledger.Sealed(Segment(3));

        Assert.False(changed);
        Assert.Empty(ledger.Pending);
    }

    [Fact]
    public void IsSealed_LaterSegmentOfTheSessionSealed_CoversTheEarlierOnesOnly()
    {
        var ledger = new UploadLedger();

        ledger.Sealed(Segment(4));

        Assert.True(ledger.IsSealed(Session, 2));
        Assert.True(ledger.IsSealed(Session, 4));
        Assert.False(ledger.IsSealed(Session, 5));
        Assert.False(ledger.IsSealed("20261201T130000000Z", 0));
    }

    [Fact]
    public void Trim_MoreThanKept_ForgetsTheOldestSettledAndSessions()
    {
        var ledger = new UploadLedger();
        for (var hour = 10; hour < 14; hour++)
        {
            ledger.Settled(Segment(0, $"20261201T{hour}0000000Z"));
        }

        ledger.Trim(settledKept: 2, sessionsKept: 3);

        Assert.Equal(new[] { "camera/20261201T120000000Z/0", "camera/20261201T130000000Z/0" }, ledger.RecentlySettled);
        Assert.False(ledger.IsSealed("20261201T100000000Z", 0));
        Assert.True(ledger.IsSealed("20261201T110000000Z", 0));
    }

    private const string Session = "20261201T115900000Z";

    internal static SegmentDescriptor Segment(long sequence, string session = Session, string stream = "camera")
    {
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(30 * sequence);
        return new SegmentDescriptor(stream, "asset", session, sequence, start, start.AddSeconds(30), 1000, new string('0', 64), $"{sequence}.mp4");
    }
}
