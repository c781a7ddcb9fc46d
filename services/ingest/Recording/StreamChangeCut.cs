using Cvr.Media.Cache;
using Cvr.Media.Mp4;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Where the camera's stream changed inside a segment (new parameter sets on a keyframe), the segment is
/// cut before that keyframe (<see cref="Mp4Cut"/>): what follows does not match its init section, and the
/// next session records it with one that does.
/// </summary>
public static class StreamChangeCut
{
    /// <summary>The changed keyframe starts a fragment; the segment list's times are rounded to microseconds.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(5);

    /// <returns>
    /// The segment as it is kept, ending where the stream changed; null when nothing before the change is
    /// left in it (the file is removed: all of it belongs to the new stream).
    /// </returns>
    public static async Task<SegmentListEntry?> KeepBeforeAsync(CacheLayout layout, string sessionId, SegmentListEntry entry, TimeSpan changedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(entry);
        var file = layout.SessionSegment(sessionId, entry.Sequence);
        if (!File.Exists(file))
        {
            return entry;
        }

        var kept = await Mp4Cut.BeforeAsync(file, changedAt - entry.Start - Tolerance, cancellationToken).ConfigureAwait(false);
        if (kept <= TimeSpan.Zero)
        {
            File.Delete(file);
            return null;
        }

        return entry with { End = entry.Start + kept };
    }
}
