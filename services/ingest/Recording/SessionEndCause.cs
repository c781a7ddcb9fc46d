using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Why the ingest itself ends a running session so that the next one starts clean: the session's time
/// can no longer be trusted (a clock jumped or drifted), or the camera's stream changed under it.
/// </summary>
public sealed record SessionEndCause(DisconnectReason Reason, string Detail);
