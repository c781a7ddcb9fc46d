using System.Text.Json.Serialization;

namespace Cvr.Contracts.Events;

/// <summary>Why a camera session ended (or never started).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisconnectReason>))]
public enum DisconnectReason
{
    /// <summary>The camera could not be reached, or closed the connection.</summary>
    CameraUnreachable,

    /// <summary>The camera was connected but sent nothing within the timeout.</summary>
    CameraTimeout,

    /// <summary>The camera refused the credentials.</summary>
    CredentialsRefused,

    /// <summary>The graph instance was deactivated or the host stopped.</summary>
    Stopped,

    /// <summary>The recorder process failed for another reason.</summary>
    IngestFailed,

    /// <summary>The ingest restarted or crashed while the session was running.</summary>
    IngestRestarted,

    /// <summary>The host's wall clock jumped; a new session was started so that times stay true.</summary>
    ClockJump,

    /// <summary>The camera's timestamps jumped against when its frames arrived; a new session was started so that times stay true.</summary>
    CameraClockStep,

    /// <summary>
    /// The camera's clock runs faster or slower than Cvr may correct for (Ingest:Clock:MaxSlewPpm), and its
    /// times drifted further than Ingest:Clock:MaxError; a new session was started so that times stay true.
    /// </summary>
    CameraClockDrift,

    /// <summary>The disk the cache is on is full (ffmpeg or Cvr could not write); recording resumes when space returns.</summary>
    DiskFull,

    /// <summary>
    /// The camera changed its video (codec, resolution or profile) or its audio mid-session; a new session
    /// records the new stream, so that every segment's init section matches its media.
    /// </summary>
    StreamChanged,

    /// <summary>
    /// The camera sends nothing Cvr can store (for example MJPEG video, or no video at all); the detail names
    /// it (<c>UnsupportedCodec: mjpeg</c>). Cvr tries again slowly (Ingest:UnsupportedMediaDelay).
    /// </summary>
    UnsupportedCodec,

    /// <summary>
    /// The camera's TLS certificate failed the checks of its TLS endpoint (untrusted root, name mismatch,
    /// expired); nothing was recorded, and the next attempt waits as long as after refused credentials.
    /// </summary>
    TlsRejected,
}
