using System.Globalization;
using Cvr.Ingest.Management;
using Cvr.Media.Cache;

namespace Cvr.Ingest.Recording;

/// <summary>
/// The ffmpeg command line of one recording session: the camera read from the script on stdin
/// (<see cref="CameraInputScript"/>: RTSP over TCP with a socket timeout; no credential in the command
/// line), the tracks <see cref="MediaSelection"/> chose (video by stream copy, never re-encoded), cut by the segment muxer at the first keyframe after each UTC
/// multiple of the segment length, into standalone fragmented MP4 files with a wall-clock (prft) box
/// per fragment.
/// A second output prints one line per video packet on stdout (framecrc: timestamps, size, flags, and
/// the size of the parameter sets a keyframe carries), so that the ingest sees when each frame arrives
/// (see <see cref="SessionTimekeeper"/>) and when the camera's video changes (see <see cref="SessionOutput"/>).
/// </summary>
public static class FfmpegArguments
{
    /// <summary>The camera's input as ffmpeg names it, also in its messages: the script on its stdin.</summary>
    public const string Input = "pipe:0";

    /// <param name="cutDelay">
    /// How long after each UTC boundary ffmpeg starts looking for the keyframe to cut at. ffmpeg decides by
    /// when it receives a keyframe, which is a frame (its parser waits for the next one) plus the network
    /// after the camera sent it; without the delay, a keyframe sent just before the boundary would start
    /// the segment before it.
    /// </param>
    public static IReadOnlyList<string> For(RecordingPlan plan, MediaSelection media, CacheLayout layout, string sessionId, TimeSpan cutDelay)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(layout);
        return
        [
            // -nostdin: stdin carries the script, never keyboard commands.
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
            "-f", "concat", "-safe", "0", "-protocol_whitelist", CameraInputScript.ProtocolWhitelist, "-i", Input,
            .. media.OutputArguments(),
            "-f", "segment",
            "-segment_time", plan.Stream.SegmentLengthSeconds.ToString(CultureInfo.InvariantCulture),
            "-segment_atclocktime", "1",
            "-segment_clocktime_offset", cutDelay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            // Each file starts at its first keyframe's time, every track moved by that same time, and
            // frag_discont (with use_editlist) keeps each track's first decode time as it then is: the
            // audio stays in its place against the video. Without them ffmpeg 5.1 restarts every track
            // at zero in each file, and the audio slips by up to a frame (128 ms of 8-kHz AAC) at every cut.
            "-reset_timestamps", "1",
            "-segment_format", "mp4",
            "-segment_format_options", "movflags=+frag_keyframe+empty_moov+default_base_moof+frag_discont:use_editlist=1:write_prft=wallclock",
            "-segment_list", layout.SessionSegmentList(sessionId),
            "-segment_list_type", "csv",
            "-segment_list_flags", "live",
            layout.SessionSegmentPattern(sessionId),
            // Video packets as they are muxed, flushed at once: the ingest's view of frame arrivals.
            // Every keyframe and every 25th packet (about one a second): plenty for the estimate, and a
            // line costs the host a wake-up. extract_extradata attaches the parameter sets a keyframe carries.
            "-map", "0:v:0",
            "-c", "copy",
            "-bsf:v", "noise=drop=not(key)*mod(n\\,25),extract_extradata",
            "-f", "framecrc",
            "-flush_packets", "1",
            "pipe:1",
        ];
    }
}
