namespace Cvr.Media.Mp4;

/// <summary>One movie fragment (moof + mdat) of a fragmented MP4 file.</summary>
/// <param name="Offset">Where the moof starts (or the prft before it).</param>
/// <param name="End">Where the mdat ends.</param>
/// <param name="TrackId">The first track the fragment carries.</param>
/// <param name="BaseMediaDecodeTime">tfdt of that track, in its timescale.</param>
/// <param name="Duration">Sum of the track's sample durations in the fragment, in its timescale.</param>
/// <param name="Producer">The prft box written just before the fragment, if any.</param>
public sealed record Mp4Fragment(
    long Offset,
    long End,
    uint TrackId,
    ulong BaseMediaDecodeTime,
    ulong Duration,
    ProducerReference? Producer);
