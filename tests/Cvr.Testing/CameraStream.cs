using System.Globalization;

namespace Cvr.Testing;

/// <summary>What the test camera sends: its video loop, an audio stream, and a change of video settings mid-stream.</summary>
public sealed record CameraStream(VideoLoop Video = VideoLoop.H264, CameraAudio Audio = CameraAudio.None, VideoSwitch? Switch = null)
{
    /// <summary>testcam.py's arguments for this stream, making the loop files it needs first.</summary>
    public async Task<IReadOnlyList<string>> ArgumentsAsync(CancellationToken cancellationToken)
    {
        List<string> arguments = ["--file", await TestMedia.VideoAsync(Video, cancellationToken), "--codec", Codec(Video)];
        if (Audio != CameraAudio.None)
        {
            arguments.AddRange(["--audio", Audio == CameraAudio.Aac ? "aac" : "pcmu", "--audio-file", await TestMedia.AudioAsync(Audio, cancellationToken)]);
        }

        if (Switch is { } change)
        {
            arguments.AddRange([
                "--switch-at", change.At.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                "--switch-to", await TestMedia.VideoAsync(change.To, cancellationToken),
                "--switch-codec", Codec(change.To)]);
        }

        return arguments;
    }

    private static string Codec(VideoLoop loop) => loop switch
    {
        VideoLoop.H265 => "h265",
        VideoLoop.Mjpeg => "mjpeg",
        _ => "h264",
    };
}
