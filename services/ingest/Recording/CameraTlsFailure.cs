using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>Why the TLS relay could not connect ffmpeg to the camera: the camera unreachable, silent, or its certificate rejected.</summary>
public sealed record CameraTlsFailure(DisconnectReason Reason, string Detail);
