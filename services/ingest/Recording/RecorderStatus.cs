using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>What a recorder is doing now, for the instance's status in the API.</summary>
/// <param name="Connection">Connecting, Connected, Reconnecting or Stopped.</param>
/// <param name="Since">When it entered that state.</param>
/// <param name="SessionId">The current or last session.</param>
/// <param name="LastDisconnectReason">Why the last session ended.</param>
/// <param name="LastDisconnectDetail">ffmpeg's last words about it (redacted).</param>
/// <param name="ConsecutiveFailures">Sessions in a row that never received media.</param>
/// <param name="NextAttemptAt">When the next connection attempt is due, while reconnecting.</param>
public sealed record RecorderStatus(
    string Connection,
    DateTimeOffset Since,
    string? SessionId,
    DisconnectReason? LastDisconnectReason,
    string? LastDisconnectDetail,
    int ConsecutiveFailures,
    DateTimeOffset? NextAttemptAt)
{
    /// <summary>How the current (or last) session's clock is doing.</summary>
    public SessionClockStatus? Clock { get; init; }

    /// <summary>Seconds recorded over seconds expected in the last hour (<c>cvr.recording.ratio</c>); null until known.</summary>
    public double? RecordingRatio { get; init; }

    /// <summary>What the current (or last) session records: <c>hevc 1280x720 + pcm_mulaw 8000 Hz → aac</c>.</summary>
    public string? Media { get; init; }

    public const string Connecting = "Connecting";
    public const string Connected = "Connected";
    public const string Reconnecting = "Reconnecting";
    public const string Stopped = "Stopped";
}
