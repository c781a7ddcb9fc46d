using Cvr.Testing;

namespace Cvr.EndToEndTests.Cameras;

/// <summary>One kind of camera people own, as the test camera plays it, and how its instance is set up.</summary>
/// <param name="Instance">The graph instance that records it.</param>
/// <param name="VideoCodec">What ffprobe must find in the recording: the codec and its MP4 sample entry.</param>
/// <param name="AudioCodec">The audio in the recording (aac), or null for none.</param>
/// <param name="Codecs">What the catalog must report (RFC 6381, video first), as a pattern.</param>
public sealed record CameraKind(string Instance, CameraStream Stream, string VideoCodec, string VideoTag, string? AudioCodec, string Codecs, string Auth = "none", string TopologyVersion = "2.0", bool? VideoOnly = false)
{
    public const string User = "viewer";
    public const string Password = "Camera's secret";

    private const string Avc = @"avc1\.[0-9a-f]{6}";
    private const string Hevc = @"hvc1\.1\.6\.L\d+\.[0-9A-F]+(\.[0-9A-F]+)*";

    public static IReadOnlyList<CameraKind> All { get; } =
    [
        new("hevc", new CameraStream(VideoLoop.H265), "hevc", "hvc1", null, Hevc),
        new("h264-aac", new CameraStream(Audio: CameraAudio.Aac), "h264", "avc1", "aac", Avc + ",mp4a.40.2"),
        new("h264-pcmu", new CameraStream(Audio: CameraAudio.Pcmu), "h264", "avc1", "aac", Avc + ",mp4a.40.2"),
        new("h264-digest", new CameraStream(), "h264", "avc1", null, Avc, Auth: "digest"),
        new("h264-basic", new CameraStream(), "h264", "avc1", null, Avc, Auth: "basic"),

        // LVA 1.0 has no output selectors: everything the camera sends is recorded.
        new("lva1-pcmu", new CameraStream(Audio: CameraAudio.Pcmu), "h264", "avc1", "aac", Avc + ",mp4a.40.2", TopologyVersion: "1.0", VideoOnly: null),

        // LVA 2.0's cvr-asset topology selects `mediaType is video`.
        new("video-only", new CameraStream(Audio: CameraAudio.Aac), "h264", "avc1", null, Avc, VideoOnly: null),
    ];

    public static IEnumerable<object[]> Instances => All.Select(k => new object[] { k.Instance });

    /// <summary>Each instance has a topology of its own: a topology in use cannot change its cache path.</summary>
    public string Topology => "CVR-" + Instance;

    public string Asset => CvrHostProcess.AssetName(Instance, Topology);

    public static CameraKind Named(string instance) => All.Single(k => k.Instance == instance);
}
