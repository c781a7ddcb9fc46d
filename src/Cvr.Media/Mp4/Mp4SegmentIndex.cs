namespace Cvr.Media.Mp4;

/// <summary>What a fragmented MP4 segment holds: the init section, its tracks and complete fragments.</summary>
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
    /// <summary>The tracks the moov declares, in its order (empty without a moov).</summary>
    public IReadOnlyList<Mp4Track> Tracks { get; init; } = [];

    /// <summary>A whole file: an init section, at least one fragment, nothing torn after the last.</summary>
    public bool IsComplete => InitializationSize > 0 && Fragments.Count > 0 && CompleteLength == FileLength;

    /// <summary>The first video track, found by its handler wherever it is: ffmpeg writes audio first when the camera lists it first.</summary>
    public Mp4Track? Video => Tracks.FirstOrDefault(t => t.IsVideo);

    /// <summary>The track the segment's times and duration are taken from: the video track, else the first fragment's.</summary>
    public uint? TimingTrackId => Video?.TrackId ?? (Fragments.Count > 0 ? Fragments[0].TrackId : null);

    /// <summary>The time the timing track's fragments span, from its first tfdt to the end of its last fragment.</summary>
    public TimeSpan Duration => TimingTrackId is { } track ? TrackDuration(track) : TimeSpan.Zero;

    /// <summary>The time one track's fragments span, from its first tfdt to the end of its last fragment.</summary>
    public TimeSpan TrackDuration(uint trackId)
    {
        if (FirstDecodeTime(trackId) is not { } first || !Timescales.TryGetValue(trackId, out var scale) || scale == 0)
        {
            return TimeSpan.Zero;
        }

        var last = Fragments.Select(f => f.Track(trackId)).Last(t => t is not null)!;
        var units = last.BaseMediaDecodeTime + last.Duration - first;
        return TimeSpan.FromTicks((long)(units * (double)TimeSpan.TicksPerSecond / scale));
    }

    /// <summary>How many samples of one track the fragments hold.</summary>
    public long SampleCount(uint trackId) => Fragments.Sum(f => f.Track(trackId)?.SampleCount ?? 0);

    /// <summary>The tfdt of the first fragment that carries the track, in its timescale; null when none does.</summary>
    public ulong? FirstDecodeTime(uint trackId) =>
        Fragments.Select(f => f.Track(trackId)).FirstOrDefault(t => t is not null)?.BaseMediaDecodeTime;
}
