namespace Cvr.Media.Mp4;

/// <summary>
/// A prft box: the producer's wall clock at one media time of the fragment after it. ffmpeg 5.1 writes
/// the camera's RTCP sender-report time of the fragment's first sample once the camera has sent a
/// report, and its own clock when the fragment is flushed (a keyframe later) before that, with the same
/// flags: which one a box holds cannot be told from the box alone.
/// </summary>
/// <param name="WallClock">The NTP time, as UTC.</param>
/// <param name="MediaTime">The media time it refers to, in the reference track's timescale (the fragment's first sample).</param>
public sealed record ProducerReference(DateTimeOffset WallClock, ulong MediaTime)
{
    /// <summary>
    /// The box's reference track, whose timescale <see cref="MediaTime"/> counts in; 0 when unknown.
    /// ffmpeg names its first track, which is audio when the camera lists audio first.
    /// </summary>
    public uint TrackId { get; init; }
}
