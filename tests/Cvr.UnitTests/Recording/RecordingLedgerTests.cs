using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Recording;

public class RecordingLedgerTests
{
    private static readonly DateTimeOffset Activated = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Ratio_BeforeAnythingIsExpected_IsNull()
    {
        var ledger = new RecordingLedger(Activated, Segment, Hour);

        // The settle time (segment length + allowance) and one segment length have not passed yet.
        Assert.Null(ledger.Ratio(Activated + Segment));
        Assert.Null(ledger.Ratio(Activated + ledger.Settle + Segment - TimeSpan.FromSeconds(1)));
        Assert.NotNull(ledger.Ratio(Activated + ledger.Settle + Segment));
    }

    [Fact]
    public void Ratio_EverySecondRecorded_IsOne()
    {
        var ledger = new RecordingLedger(Activated, Segment, Hour);
        var now = Activated + TimeSpan.FromMinutes(10);
        RecordContiguous(ledger, Activated, now - Segment, now);

        Assert.Equal(1.0, ledger.Ratio(now)!.Value, 6);
    }

    [Fact]
    public void Ratio_TenMinuteOutageInTheLastHour_IsFiveSixths()
    {
        var ledger = new RecordingLedger(Activated, Segment, Hour);
        var now = Activated + TimeSpan.FromHours(3);
        var windowEnd = now - ledger.Settle;
        var outageStart = windowEnd - TimeSpan.FromMinutes(30);
        RecordContiguous(ledger, windowEnd - TimeSpan.FromHours(2), outageStart, now);
        RecordContiguous(ledger, outageStart + TimeSpan.FromMinutes(10), windowEnd, now);

        Assert.Equal(50.0 / 60, ledger.Ratio(now)!.Value, 6);
    }

    [Fact]
    public void Ratio_SameSegmentTwiceOrOverlapping_CountsEachSecondOnce()
    {
        var ledger = new RecordingLedger(Activated, Segment, Hour);
        var now = Activated + Segment + ledger.Settle;

        Assert.True(ledger.Add("cam/s/0", Activated, Activated + Segment, now));
        Assert.False(ledger.Add("cam/s/0", Activated, Activated + Segment, now));
        ledger.Add("cam/t/0", Activated + TimeSpan.FromSeconds(10), Activated + Segment, now);

        Assert.Equal(1.0, ledger.Ratio(now)!.Value, 6);
    }

    [Fact]
    public void Ratio_CameraNeverRecorded_IsZeroAndExpectedSecondsGrow()
    {
        var ledger = new RecordingLedger(Activated, Segment, Hour);
        var now = Activated + TimeSpan.FromMinutes(5);

        Assert.Equal(0.0, ledger.Ratio(now));
        Assert.Equal(300, ledger.ExpectedSeconds(now));
    }

    private static void RecordContiguous(RecordingLedger ledger, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        for (var (start, i) = (from, 0); start < to; start += Segment, i++)
        {
            ledger.Add($"cam/s/{from.Ticks}/{i}", start, start + Segment < to ? start + Segment : to, now);
        }
    }
}
