using Cvr.Contracts.Events;

namespace Cvr.Ingest.Uploads;

/// <summary>
/// One stream's segments on their way to the asset store, as <see cref="PendingUploads"/> stores it:
/// segment ids sealed and not yet settled, recently settled ids, and per session the highest sequence
/// sealed (sessions are sealed in sequence order).
/// </summary>
public sealed class UploadLedger
{
    public List<string> Pending { get; init; } = [];

    public List<string> RecentlySettled { get; init; } = [];

    public Dictionary<string, long> SealedThrough { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Whether the session's segment <paramref name="sequence"/> is known to have been sealed.</summary>
    public bool IsSealed(string sessionId, long sequence) => SealedThrough.TryGetValue(sessionId, out var through) && through >= sequence;

    /// <summary>Records the seal; false when nothing changed (a redelivery, or a segment already settled).</summary>
    public bool Sealed(SegmentDescriptor segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var advanced = Advance(segment);
        if (RecentlySettled.Contains(segment.SegmentId) || Pending.Contains(segment.SegmentId))
        {
            return advanced;
        }

        Pending.Add(segment.SegmentId);
        return true;
    }

    /// <summary>Records that the segment is uploaded or evicted; false when that was known.</summary>
    public bool Settled(SegmentDescriptor segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var advanced = Advance(segment);
        var removed = Pending.Remove(segment.SegmentId);
        if (RecentlySettled.Contains(segment.SegmentId))
        {
            return advanced || removed;
        }

        RecentlySettled.Add(segment.SegmentId);
        return true;
    }

    /// <summary>Forgets the oldest settled ids and sessions beyond what a late redelivery could still need.</summary>
    public void Trim(int settledKept, int sessionsKept)
    {
        if (RecentlySettled.Count > settledKept)
        {
            RecentlySettled.RemoveRange(0, RecentlySettled.Count - settledKept);
        }

        foreach (var session in SealedThrough.Keys.Order(StringComparer.Ordinal).Take(Math.Max(0, SealedThrough.Count - sessionsKept)).ToList())
        {
            SealedThrough.Remove(session);
        }
    }

    private bool Advance(SegmentDescriptor segment)
    {
        if (IsSealed(segment.SessionId, segment.Sequence))
        {
            return false;
        }

        SealedThrough[segment.SessionId] = segment.Sequence;
        return true;
    }
}
