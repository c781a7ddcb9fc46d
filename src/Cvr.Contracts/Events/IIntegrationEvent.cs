namespace Cvr.Contracts.Events;

/// <summary>
/// An event Cvr publishes on its pub/sub topics. Events are immutable, past tense and carry
/// enough to be handled idempotently, because delivery is at-least-once.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The pub/sub topic this event type is published on.</summary>
    static abstract string Topic { get; }

    /// <summary>A key that is equal for redeliveries of the same fact, for idempotent handling.</summary>
    string IdempotencyKey { get; }
}
