using System.Globalization;
using Cvr.Ingest.Management;

namespace Cvr.Ingest.Recording;

/// <summary>
/// The camera as ffmpeg opens it, written as an ffconcat script of one file: the RTSP URL with its user
/// info, and the RTSP options. ffmpeg reads it on its stdin (<c>-f concat -i pipe:0</c>), so no camera
/// credential is ever in ffmpeg's command line, which every local user can read in /proc/PID/cmdline.
/// The concat demuxer hands on the RTSP demuxer's packets unchanged but for the offset that starts its
/// timestamps at zero, which ffmpeg applies anyway to a URL given with <c>-i</c>.
/// </summary>
public static class CameraInputScript
{
    /// <summary>What ffmpeg must be allowed to open through the script: the script's pipe and RTSP's own protocols (http for the tunnel).</summary>
    public const string ProtocolWhitelist = "pipe,rtsp,rtsps,rtp,srtp,tcp,udp,tls,http";

    public static string For(RecordingPlan plan, TimeSpan rtspTimeout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ffconcat version 1.0\nfile {Quote(InputUrl(plan))}\noption rtsp_transport {(plan.Transport == RtspTransport.Http ? "http" : "tcp")}\noption timeout {(long)rtspTimeout.TotalMicroseconds}\n");
    }

    /// <summary>
    /// RTSP takes credentials only as URL user info, percent-encoded (ffmpeg decodes them before it
    /// authenticates), so that every character of a password survives, and the script stays one line of
    /// printable ASCII per directive.
    /// </summary>
    public static string InputUrl(RecordingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var url = plan.RtspUrl;
        var text = plan.Credentials is not { } credentials
            ? url.AbsoluteUri
            : $"{url.Scheme}://{Uri.EscapeDataString(credentials.UserName)}:{Uri.EscapeDataString(credentials.Password)}@{url.Authority}{url.PathAndQuery}";
        if (text.Any(c => c is <= ' ' or > '~'))
        {
            // Uri escapes all of these; a line break here would end the directive early.
            throw new ArgumentException("The camera's URL holds a character that cannot be handed to ffmpeg safely.", nameof(plan));
        }

        return text;
    }

    /// <summary>
    /// One argument for ffmpeg's script parser (av_get_token): inside single quotes every character is
    /// literal but the single quote itself, which closes the quotes, is escaped, and opens them again.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }
}
