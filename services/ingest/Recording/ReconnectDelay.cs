using Cvr.Contracts.Events;
using Cvr.Platform.Resilience;

namespace Cvr.Ingest.Recording;

/// <summary>
/// How long a recorder waits before it asks its camera again, by why the last session ended: refused
/// credentials or a rejected certificate wait long (a wrong password is no tight loop), a camera that
/// sends nothing Cvr can store longer still, a session ended by a clock or by a change of the camera's
/// stream starts again at once, a session that had media starts again after the first delay, and any
/// other failure backs off over the failures in a row.
/// </summary>
public sealed class ReconnectDelay(IngestOptions options)
{
    private readonly RetryBackoff _backoff = new(options.ReconnectInitialDelay, options.ReconnectMaximumDelay);

    /// <param name="failures">Sessions in a row that never received media, this one included.</param>
    public TimeSpan After(DisconnectReason reason, bool connected, int failures) => reason switch
    {
        DisconnectReason.CredentialsRefused or DisconnectReason.TlsRejected => options.CredentialsRefusedDelay,
        DisconnectReason.UnsupportedCodec => options.UnsupportedMediaDelay,
        DisconnectReason.ClockJump or DisconnectReason.CameraClockStep or DisconnectReason.CameraClockDrift or DisconnectReason.StreamChanged => TimeSpan.Zero,
        _ when connected => options.ReconnectInitialDelay,
        _ => _backoff.DelayFor(failures),
    };
}
