using System.Globalization;

namespace Cvr.Ingest.Recording;

/// <summary>
/// What Cvr records of a camera and how: its first video track by stream copy (H.264 as <c>avc1</c>,
/// H.265 as <c>hvc1</c>, the sample entry Safari and Chrome need; video first, as the wall-clock boxes and
/// the segment cuts refer to it) and its first audio track, kept when it is AAC, transcoded to AAC when
/// MP4 cannot carry it as ffmpeg writes it (G.711 and other speech codecs), left out when the output
/// selectors ask for video only. A camera without H.264 or H.265 video cannot be recorded:
/// <see cref="Choose"/> names why.
/// </summary>
public sealed record MediaSelection(CameraTrack Video, CameraTrack? Audio, AudioHandling AudioHandling)
{
    private static readonly HashSet<string> VideoCodecs = new(StringComparer.Ordinal) { "h264", "hevc" };

    private static readonly HashSet<string> AudioTranscoded = new(StringComparer.Ordinal)
    {
        "pcm_mulaw", "pcm_alaw", "adpcm_g726", "adpcm_g726le", "g722", "g723_1", "g729", "mp2", "mp3", "opus", "pcm_s16be", "pcm_s16le",
    };

    /// <summary>The AAC bit rate of transcoded audio, per channel: speech and ambient sound from a camera.</summary>
    private const int TranscodedBitsPerSecondPerChannel = 32_000;

    /// <returns>What to record; null when nothing can be, with <paramref name="unsupported"/> naming why (<c>UnsupportedCodec: mjpeg</c>).</returns>
    public static MediaSelection? Choose(CameraMedia media, bool videoOnly, out string? unsupported)
    {
        ArgumentNullException.ThrowIfNull(media);
        unsupported = null;
        if (media.Video is not { } video)
        {
            unsupported = $"UnsupportedCodec: no video (the camera sends {media})";
            return null;
        }

        if (!VideoCodecs.Contains(video.Codec))
        {
            unsupported = $"UnsupportedCodec: {video.Codec}";
            return null;
        }

        var audio = videoOnly ? null : media.Audio;
        var handling = audio switch
        {
            null => AudioHandling.None,
            { Codec: "aac" } => AudioHandling.Copy,
            _ when AudioTranscoded.Contains(audio.Codec) => AudioHandling.Transcode,
            _ => AudioHandling.NotStored,
        };
        return new MediaSelection(video, audio, handling);
    }

    /// <summary>The output options of the recording: which tracks, and how each is written.</summary>
    public IReadOnlyList<string> OutputArguments()
    {
        List<string> arguments = ["-map", "0:v:0"];
        if (AudioHandling is AudioHandling.Copy or AudioHandling.Transcode)
        {
            arguments.AddRange(["-map", "0:a:0"]);
        }

        arguments.AddRange(["-c:v", "copy"]);
        if (Video.Codec == "hevc")
        {
            arguments.AddRange(["-tag:v", "hvc1"]);
        }

        if (AudioHandling == AudioHandling.Copy)
        {
            arguments.AddRange(["-c:a", "copy"]);
        }
        else if (AudioHandling == AudioHandling.Transcode)
        {
            var bitRate = TranscodedBitsPerSecondPerChannel * Math.Clamp(Audio?.Channels ?? 1, 1, 2);
            arguments.AddRange(["-c:a", "aac", "-b:a", bitRate.ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }

    /// <summary>For the instance's status and the logs: <c>hevc 1280x720 + pcm_mulaw 8000 Hz → aac</c>.</summary>
    public override string ToString() => AudioHandling switch
    {
        AudioHandling.Copy => $"{Video} + {Audio}",
        AudioHandling.Transcode => $"{Video} + {Audio} → aac",
        AudioHandling.NotStored => $"{Video} (audio {Audio?.Codec} not recorded)",
        _ => Video.ToString(),
    };
}
