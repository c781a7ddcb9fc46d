namespace Cvr.Contracts.Events;

/// <summary>The ingest connected to a camera and started a new recording session.</summary>
/// <param name="StreamId">The stream (graph instance) id.</param>
/// <param name="SessionId">The new session: one uninterrupted connection to the camera.</param>
/// <param name="ConnectedAt">UTC time the first media arrived.</param>
public sealed record CameraConnected(string StreamId, string SessionId, DateTimeOffset ConnectedAt) : IIntegrationEvent
{
    public static string Topic => "camera-connected";

    public string IdempotencyKey => $"{StreamId}/{SessionId}";
}
