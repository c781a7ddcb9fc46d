namespace Cvr.Examples.UploadedMinutes;

/// <summary>
/// One asset's uploaded time, and the segments already counted: events arrive at least once, so a
/// redelivered SegmentUploaded must not be counted twice.
/// </summary>
public sealed record MinutesLedger(double Seconds, IReadOnlyList<string> RecentSegmentIds)
{
    /// <summary>Enough to recognise any redelivery daprd would make in practice.</summary>
    public const int Remembered = 1000;

    public static MinutesLedger Empty { get; } = new(0, []);

    public double Minutes => Seconds / 60;

    /// <summary>The ledger with the segment counted; the same ledger if it was counted before.</summary>
    public MinutesLedger Count(string segmentId, TimeSpan duration)
    {
        if (RecentSegmentIds.Contains(segmentId, StringComparer.Ordinal))
        {
            return this;
        }

        var recent = RecentSegmentIds.Append(segmentId).TakeLast(Remembered).ToList();
        return new MinutesLedger(Seconds + duration.TotalSeconds, recent);
    }
}
