using System.Globalization;
using Cvr.Ingest.Management;
using Cvr.Media.Cache;

namespace Cvr.Ingest.Recording;

/// <summary>
/// The ffmpeg command line of one recording session: RTSP over TCP with a socket timeout, stream copy
/// (no re-encoding), cut by the segment muxer at the first keyframe after each UTC multiple of the
/// segment length, into standalone fragmented MP4 files with a wall-clock (prft) box per fragment.
/// </summary>
public static class FfmpegArguments
{
    public static IReadOnlyList<string> For(RecordingPlan plan, CacheLayout layout, string sessionId, TimeSpan rtspTimeout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(layout);
        return
        [
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
            "-rtsp_transport", "tcp",
            "-timeout", ((long)rtspTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture),
            "-i", InputUrl(plan),
            // Video only for now: cameras' G.711 audio does not fit in MP4 without transcoding.
            "-map", "0:v:0",
            "-c", "copy",
            "-f", "segment",
            "-segment_time", plan.Stream.SegmentLengthSeconds.ToString(CultureInfo.InvariantCulture),
            "-segment_atclocktime", "1",
            "-reset_timestamps", "0",
            "-segment_format", "mp4",
            "-segment_format_options", "movflags=+frag_keyframe+empty_moov+default_base_moof:write_prft=wallclock",
            "-segment_list", layout.SessionSegmentList(sessionId),
            "-segment_list_type", "csv",
            "-segment_list_flags", "live",
            layout.SessionSegmentPattern(sessionId),
        ];
    }

    /// <summary>RTSP takes credentials only as URL user info.</summary>
    public static string InputUrl(RecordingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Credentials is null)
        {
            return plan.RtspUrl.AbsoluteUri;
        }

        var url = plan.RtspUrl;
        var userInfo = $"{Uri.EscapeDataString(plan.Credentials.UserName)}:{Uri.EscapeDataString(plan.Credentials.Password)}";
        return $"{url.Scheme}://{userInfo}@{url.Authority}{url.PathAndQuery}";
    }
}
