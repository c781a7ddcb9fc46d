namespace Cvr.Ingest.Recording;

/// <summary>One stream a camera sends, as ffprobe names it.</summary>
/// <param name="Kind">ffprobe's codec_type: video, audio, data…</param>
/// <param name="Codec">ffprobe's codec_name (h264, hevc, mjpeg, aac, pcm_mulaw…); "unknown" when ffprobe could not tell.</param>
public sealed record CameraTrack(string Kind, string Codec, int? Width = null, int? Height = null, int? SampleRate = null, int? Channels = null)
{
    public override string ToString() => Kind == "video" && Width is { } width && Height is { } height
        ? $"{Codec} {width}x{height}"
        : SampleRate is { } rate ? $"{Codec} {rate} Hz" : Codec;
}
