namespace Cvr.Media.Mp4;

/// <summary>One movie fragment (moof + mdat) of a fragmented MP4 file.</summary>
/// <param name="Offset">Where the moof starts (or the prft before it).</param>
/// <param name="End">Where the mdat ends.</param>
/// <param name="TrackId">
/// The fragment's timing track: the video track when the fragment carries it, else the first track it carries.
/// </param>
/// <param name="BaseMediaDecodeTime">tfdt of that track, in its timescale.</param>
/// <param name="Duration">Sum of the track's sample durations in the fragment, in its timescale.</param>
/// <param name="Producer">The prft box written just before the fragment, if any.</param>
public sealed record Mp4Fragment(
    long Offset,
    long End,
    uint TrackId,
    ulong BaseMediaDecodeTime,
    ulong Duration,
    ProducerReference? Producer)
{
    /// <summary>Every track the fragment carries, in the order of its trafs (the timing track alone when built by hand).</summary>
    public IReadOnlyList<Mp4TrackFragment> Tracks { get; init; } = [new(TrackId, BaseMediaDecodeTime, Duration)];

    /// <summary>The given track's part of the fragment; null when the fragment carries none of it.</summary>
    public Mp4TrackFragment? Track(uint trackId) => Tracks.FirstOrDefault(t => t.TrackId == trackId);
}
