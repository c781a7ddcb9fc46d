using Cvr.Media.Time;

namespace Cvr.Ingest.Recording;

/// <summary>The <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// The folder every instance's localMediaCachePath must lie under (symbolic links followed); a relative
    /// localMediaCachePath is taken under it. Empty means <c>{Cvr:Data}/cache</c>.
    /// </summary>
    public string? CacheRoot { get; set; }

    /// <summary>The ffmpeg executable.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>The ffprobe executable, which asks each camera what it sends; empty means the one next to <see cref="FfmpegPath"/>.</summary>
    public string? FfprobePath { get; set; }

    /// <summary>RTSP socket timeout: a camera silent for this long ends the session (ffmpeg's -timeout).</summary>
    public TimeSpan RtspTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before reconnecting after ffmpeg exits.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the reconnect delay.</summary>
    public TimeSpan ReconnectMaximumDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after a camera refused the credentials, or its TLS certificate was rejected: long, so that a wrong password is no tight loop.</summary>
    public TimeSpan CredentialsRefusedDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait after a camera sent nothing Cvr can store (MJPEG, no video): long, as only a change of the camera's settings helps.</summary>
    public TimeSpan UnsupportedMediaDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long ffmpeg gets to close its segment after SIGTERM before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long activation waits for the camera's first media before it answers (Active either way: recording keeps retrying).</summary>
    public TimeSpan ActivationWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long deactivation waits for the instance's cached segments to be uploaded (LVA: "stop completes when all media has been uploaded").</summary>
    public TimeSpan DeactivationFlushTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after each UTC boundary ffmpeg starts looking for the keyframe to cut at (it sees a
    /// keyframe about a frame after the camera sent it): a segment never starts before its boundary.
    /// </summary>
    public TimeSpan SegmentCutDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The bounds of recorded time (Ingest:Clock).</summary>
    public ClockBounds Clock { get; set; } = new();

    /// <summary>The ffprobe to run: <see cref="FfprobePath"/>, else ffprobe in <see cref="FfmpegPath"/>'s folder (or on the PATH).</summary>
    public string FfprobeExecutable =>
        !string.IsNullOrWhiteSpace(FfprobePath) ? FfprobePath
        : Path.GetDirectoryName(FfmpegPath) is { Length: > 0 } folder ? Path.Combine(folder, "ffprobe")
        : "ffprobe";

    /// <summary>The cache root as a full path, given Cvr's data folder.</summary>
    public string CacheRootIn(string dataPath) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(string.IsNullOrWhiteSpace(CacheRoot) ? Path.Combine(dataPath, "cache") : CacheRoot));
}
