using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>Reads why a session ended from ffmpeg's last words (its exit code is 0 for most camera faults).</summary>
public static class DisconnectClassifier
{
    public static DisconnectReason Classify(IReadOnlyList<string> lastLines, bool connected)
    {
        ArgumentNullException.ThrowIfNull(lastLines);
        var text = string.Join('\n', lastLines);
        bool Says(string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

        if (Says("No space left on device"))
        {
            return DisconnectReason.DiskFull;
        }

        if (Says("401 Unauthorized") || Says("403 Forbidden"))
        {
            return DisconnectReason.CredentialsRefused;
        }

        // Checked before "timed out": ffmpeg's refused-connection line also names its "?timeout=" option.
        if (Says("Connection refused") || Says("No route to host") || Says("Name or service not known") || Says("Network is unreachable"))
        {
            return DisconnectReason.CameraUnreachable;
        }

        if (Says("timed out"))
        {
            return DisconnectReason.CameraTimeout;
        }

        return connected || text.Length == 0 ? DisconnectReason.CameraUnreachable : DisconnectReason.IngestFailed;
    }

    /// <summary>
    /// ffmpeg's last line, where it names the input it failed on: <see cref="FfmpegArguments.Input"/>,
    /// which means nothing to a user, is shown as the camera's address (no credentials, no query).
    /// </summary>
    public static string Detail(IReadOnlyList<string> lastLines, Uri camera, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(lastLines);
        ArgumentNullException.ThrowIfNull(camera);
        if (lastLines.Count == 0)
        {
            return $"ffmpeg exited with code {exitCode}";
        }

        var line = lastLines[^1];
        const string input = FfmpegArguments.Input + ":";
        return line.StartsWith(input, StringComparison.Ordinal)
            ? camera.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + line[(input.Length - 1)..]
            : line;
    }
}
