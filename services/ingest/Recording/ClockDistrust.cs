using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>Why a session's times can no longer be trusted: the session ends and a new one starts.</summary>
public sealed record ClockDistrust(DisconnectReason Reason, string Detail);
