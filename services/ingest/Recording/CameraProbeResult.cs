namespace Cvr.Ingest.Recording;

/// <summary>What <see cref="CameraProbe"/> learnt: the camera's media, or ffprobe's last words (redacted) on why not.</summary>
public sealed record CameraProbeResult(CameraMedia? Media, int ExitCode, IReadOnlyList<string> Errors);
