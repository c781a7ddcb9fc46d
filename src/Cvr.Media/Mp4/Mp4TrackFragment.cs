namespace Cvr.Media.Mp4;

/// <summary>One track's part of a movie fragment (a traf): where its samples start and how long they last.</summary>
/// <param name="TrackId">The track, as tfhd names it.</param>
/// <param name="BaseMediaDecodeTime">tfdt: the decode time of its first sample, in the track's timescale.</param>
/// <param name="Duration">Sum of its samples' durations (trun, else tfhd's, else trex's default), in the track's timescale.</param>
/// <param name="SampleCount">How many samples its truns hold (0 when built by hand without them).</param>
public sealed record Mp4TrackFragment(uint TrackId, ulong BaseMediaDecodeTime, ulong Duration, long SampleCount = 0);
