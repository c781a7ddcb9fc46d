using Cvr.Contracts.Events;
using Cvr.Ingest.Management;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Before each session: asks the camera what it sends (<see cref="CameraProbe"/>, through a TLS relay of
/// its own for an RTSPS camera: a relay serves one connection) and chooses what to record of it
/// (<see cref="MediaSelection"/>). When nothing can be recorded it says why: the camera's fault as ffprobe
/// saw it, the TLS check's, or <see cref="DisconnectReason.UnsupportedCodec"/>.
/// </summary>
public sealed partial class MediaSelector(RecordingPlan plan, IngestOptions options, CredentialRedactor redactor, TimeProvider time, ILogger logger)
{
    /// <param name="stopReason">The reason to give when the recorder is stopped while it asks.</param>
    public async Task<MediaChoice> ChooseAsync(DisconnectReason stopReason, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var streamId = plan.Stream.StreamId;
        await using var relay = plan.Tls is null ? null : CameraTlsRelay.Start(plan, options.RtspTimeout, time, logger);
        CameraProbeResult probe;
        try
        {
            var bound = (options.RtspTimeout * 2) + TimeSpan.FromSeconds(15);
            var input = CameraInputScript.For(relay?.Plan ?? plan, options.RtspTimeout);
            probe = await CameraProbe.RunAsync(options.FfprobeExecutable, input, bound, redactor, logger, streamId, time, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogFfprobeMissing(ex, options.FfprobeExecutable);
            return new MediaChoice(null, DisconnectReason.IngestFailed, "ffprobe could not be started");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return new MediaChoice(null, stopReason, "stopped while asking the camera what it sends");
        }

        if (probe.Media is not { } camera)
        {
            return relay?.Failure is { } failure
                ? new MediaChoice(null, failure.Reason, failure.Detail)
                : new MediaChoice(null, DisconnectClassifier.Classify(probe.Errors, connected: false), DisconnectClassifier.Detail(probe.Errors, plan.RtspUrl, probe.ExitCode));
        }

        if (MediaSelection.Choose(camera, plan.VideoOnly, out var unsupported) is not { } media)
        {
            LogUnsupported(streamId, unsupported!, options.UnsupportedMediaDelay);
            return new MediaChoice(null, DisconnectReason.UnsupportedCodec, unsupported!);
        }

        if (media.AudioHandling == AudioHandling.NotStored)
        {
            LogAudioNotStored(streamId, media.Audio!.Codec);
        }

        return new MediaChoice(media, default, string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: {Unsupported}; Cvr records H.264 or H.265 video. Asking the camera again in {Delay}")]
    private partial void LogUnsupported(string streamId, string unsupported, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: the camera's {Codec} audio cannot be stored; recording its video without it")]
    private partial void LogAudioNotStored(string streamId, string codec);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffprobe could not be started from '{FfprobePath}'; install ffmpeg (it brings ffprobe) or set Ingest:FfprobePath")]
    private partial void LogFfprobeMissing(Exception exception, string ffprobePath);
}
