namespace Cvr.Contracts.Events;

/// <summary>A graph instance was deactivated: its camera is no longer pulled.</summary>
public sealed record GraphInstanceDeactivated(string StreamId, DateTimeOffset DeactivatedAt) : IIntegrationEvent
{
    public static string Topic => "graph-instance-deactivated";

    public string IdempotencyKey => $"{StreamId}/{DeactivatedAt.UtcTicks}";
}
