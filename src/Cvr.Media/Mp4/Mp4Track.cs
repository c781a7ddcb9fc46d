namespace Cvr.Media.Mp4;

/// <summary>One track of a fragmented MP4 file, as its moov declares it.</summary>
/// <param name="TrackId">tkhd track_ID, which every traf of the track names.</param>
/// <param name="Handler">hdlr handler type: <c>vide</c>, <c>soun</c>, …</param>
/// <param name="Timescale">mdhd timescale: units per second of the track's decode times and durations.</param>
/// <param name="SampleEntry">The fourcc of its first sample entry: avc1, avc3, hvc1, hev1, mp4a, …</param>
/// <param name="Codec">
/// The RFC 6381 codecs string (avc1.42c00d, hvc1.1.6.L93.90, mp4a.40.2), as an HLS CODECS attribute or
/// MSE wants it; null when the sample entry is not one Cvr understands or its configuration box is missing.
/// </param>
/// <param name="Width">Video: the sample entry's width in pixels (the track header's when that is zero).</param>
/// <param name="Height">Video: the sample entry's height in pixels (the track header's when that is zero).</param>
/// <param name="Channels">Audio: the channel count (for AAC its configuration's: the sample entry's is a template).</param>
/// <param name="SampleRate">Audio: the sampling rate in Hz (for AAC its configuration's).</param>
/// <param name="DefaultSampleDuration">trex: the duration of a sample that neither tfhd nor trun gives one.</param>
/// <param name="DefaultSampleSize">trex: the size of a sample that neither tfhd nor trun gives one.</param>
public sealed record Mp4Track(
    uint TrackId,
    string Handler,
    uint Timescale,
    string SampleEntry,
    string? Codec,
    int? Width,
    int? Height,
    int? Channels,
    int? SampleRate,
    uint DefaultSampleDuration,
    uint DefaultSampleSize)
{
    public bool IsVideo => Handler == "vide";

    public bool IsAudio => Handler == "soun";
}
