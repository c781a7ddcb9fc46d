using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>Reads why a session ended from ffmpeg's last words (its exit code is 0 for most camera faults).</summary>
public static class DisconnectClassifier
{
    public static DisconnectReason Classify(IReadOnlyList<string> lastLines, bool connected)
    {
        ArgumentNullException.ThrowIfNull(lastLines);
        var text = string.Join('\n', lastLines);
        if (text.Contains("401 Unauthorized", StringComparison.OrdinalIgnoreCase) || text.Contains("403 Forbidden", StringComparison.OrdinalIgnoreCase))
        {
            return DisconnectReason.CredentialsRefused;
        }

        if (text.Contains("timed out", StringComparison.OrdinalIgnoreCase) || text.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            return DisconnectReason.CameraTimeout;
        }

        return connected || text.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) || text.Length == 0
            ? DisconnectReason.CameraUnreachable
            : DisconnectReason.IngestFailed;
    }
}
