namespace Cvr.Media.Mp4;

/// <summary>What a fragmented MP4 segment holds: the init section, track timescales and complete fragments.</summary>
/// <param name="InitializationSize">Bytes of ftyp + moov at the start.</param>
/// <param name="Timescales">Track id to timescale.</param>
/// <param name="Fragments">Complete fragments, in file order.</param>
/// <param name="CompleteLength">Where the last complete fragment ends: the length to truncate a torn file to.</param>
/// <param name="FileLength">The file's length as read.</param>
public sealed record Mp4SegmentIndex(
    long InitializationSize,
    IReadOnlyDictionary<uint, uint> Timescales,
    IReadOnlyList<Mp4Fragment> Fragments,
    long CompleteLength,
    long FileLength)
{
    /// <summary>A whole file: an init section, at least one fragment, nothing torn after the last.</summary>
    public bool IsComplete => InitializationSize > 0 && Fragments.Count > 0 && CompleteLength == FileLength;

    /// <summary>The time the fragments span, from the first tfdt to the end of the last fragment.</summary>
    public TimeSpan Duration
    {
        get
        {
            if (Fragments.Count == 0 || !Timescales.TryGetValue(Fragments[0].TrackId, out var scale) || scale == 0)
            {
                return TimeSpan.Zero;
            }

            var first = Fragments[0];
            var last = Fragments.Where(f => f.TrackId == first.TrackId).Last();
            var units = last.BaseMediaDecodeTime + last.Duration - first.BaseMediaDecodeTime;
            return TimeSpan.FromTicks((long)(units * (double)TimeSpan.TicksPerSecond / scale));
        }
    }
}
