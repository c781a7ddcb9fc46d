using Cvr.Testing;

namespace Cvr.Bench;

/// <summary>
/// What every mount of the test camera sends (--stream), and what bare ffmpeg does with it: the same work
/// as cvr's recorder (services/ingest/Recording/MediaSelection.cs), nothing more.
/// </summary>
/// <param name="Name">The option's value.</param>
/// <param name="Camera">The test camera's loops and codecs.</param>
/// <param name="BareOutput">bare ffmpeg's stream selection and codecs, between its input and its segment muxer.</param>
/// <param name="Description">For the report: what each mount sends.</param>
internal sealed record BenchStream(string Name, CameraStream Camera, IReadOnlyList<string> BareOutput, string Description)
{
    /// <summary>Every loop is 10 s long (make-loop.sh and make-audio.sh as TestMedia runs them).</summary>
    public const int LoopSeconds = 10;

    /// <summary>The H.264 loop alone: what the harness has always measured.</summary>
    public static readonly BenchStream H264 = new(
        "h264", new CameraStream(), ["-map", "0:v:0", "-c", "copy"], "the 1280x720 25 fps H.264 loop");

    /// <summary>H.265, recorded by stream copy with the hvc1 sample entry, as cvr does.</summary>
    public static readonly BenchStream H265 = new(
        "h265", new CameraStream(VideoLoop.H265), ["-map", "0:v:0", "-c", "copy", "-tag:v", "hvc1"], "the 1280x720 25 fps H.265 loop");

    /// <summary>H.264 with G.711 µ-law audio, which MP4 cannot carry: the audio is transcoded to AAC, as cvr does.</summary>
    public static readonly BenchStream H264Pcmu = new(
        "h264-pcmu",
        new CameraStream(VideoLoop.H264, CameraAudio.Pcmu),
        ["-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-c:a", "aac", "-b:a", "32000"],
        "the 1280x720 25 fps H.264 loop and 8 kHz G.711 µ-law audio");

    public static IReadOnlyList<BenchStream> All { get; } = [H264, H265, H264Pcmu];

    /// <summary>Whether the camera sends audio, which cvr then records (the topology gets no output selector).</summary>
    public bool HasAudio => Camera.Audio != CameraAudio.None;

    public static BenchStream Parse(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"--stream takes {string.Join(", ", All.Select(s => s.Name))}, not '{name}'.");
}
