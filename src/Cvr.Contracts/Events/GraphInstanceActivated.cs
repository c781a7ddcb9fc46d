namespace Cvr.Contracts.Events;

/// <summary>A graph instance was activated: its stream is to be recorded from now on.</summary>
public sealed record GraphInstanceActivated(StreamDescriptor Stream, DateTimeOffset ActivatedAt) : IIntegrationEvent
{
    public static string Topic => "graph-instance-activated";

    public string IdempotencyKey => $"{Stream.StreamId}/{ActivatedAt.UtcTicks}";
}
