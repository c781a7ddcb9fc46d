using System.Text;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Asks the camera what it sends before a session starts, so that the session can be told how to write
/// each track (<see cref="MediaSelection"/>): ffprobe reads the same <see cref="CameraInputScript"/> on its
/// stdin (no credential in its command line) and lists the streams from the camera's SDP and first
/// packets, about a second here. A camera that cannot be reached or refuses the credentials fails here,
/// and its last words explain why as ffmpeg's would.
/// </summary>
public static class CameraProbe
{
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "-hide_banner", "-v", "error",
        "-f", "concat", "-safe", "0", "-protocol_whitelist", CameraInputScript.ProtocolWhitelist, "-i", FfmpegArguments.Input,
        "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels", "-of", "json",
    ];

    /// <param name="bound">How long the probe may take at most (the camera's socket timeout bounds it first).</param>
    /// <exception cref="System.ComponentModel.Win32Exception">ffprobe could not be started.</exception>
    public static async Task<CameraProbeResult> RunAsync(
        string ffprobePath, string input, TimeSpan bound, CredentialRedactor redactor, ILogger logger, string streamId, TimeProvider time, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        using var probe = FfmpegSession.Start(ffprobePath, Arguments, input, redactor, logger, streamId, line =>
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        int exitCode;
        try
        {
            exitCode = await probe.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var stopped = await probe.StopAsync(TimeSpan.FromSeconds(1), time).ConfigureAwait(false);
            return new CameraProbeResult(null, stopped, [.. probe.RecentOutput, $"the camera did not describe its streams within {bound.TotalSeconds:F0} s: timed out"]);
        }

        string json;
        lock (output)
        {
            json = output.ToString();
        }

        if (exitCode != 0)
        {
            return new CameraProbeResult(null, exitCode, probe.RecentOutput);
        }

        try
        {
            return new CameraProbeResult(CameraMedia.Parse(json), exitCode, probe.RecentOutput);
        }
        catch (FormatException ex)
        {
            return new CameraProbeResult(null, exitCode, [.. probe.RecentOutput, ex.Message]);
        }
    }
}
