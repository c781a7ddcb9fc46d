namespace Cvr.Contracts.Events;

/// <summary>A recording session ended: the camera went away, stopped sending, or the ingest stopped.</summary>
/// <param name="StreamId">The stream (graph instance) id.</param>
/// <param name="SessionId">The session that ended.</param>
/// <param name="DisconnectedAt">UTC time the ingest noticed the end.</param>
/// <param name="Reason">Why, as far as the ingest could tell.</param>
/// <param name="Detail">A short human-readable detail, never containing credentials.</param>
public sealed record CameraDisconnected(
    string StreamId,
    string SessionId,
    DateTimeOffset DisconnectedAt,
    DisconnectReason Reason,
    string Detail) : IIntegrationEvent
{
    public static string Topic => "camera-disconnected";

    public string IdempotencyKey => $"{StreamId}/{SessionId}";
}
