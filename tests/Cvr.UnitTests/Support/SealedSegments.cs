using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;

namespace Cvr.UnitTests.Support;

/// <summary>The segmenter's publisher in a test: keeps every <see cref="SegmentSealed"/> it announces, in order.</summary>
internal sealed class SealedSegments : IEventPublisher
{
    public List<SegmentSealed> Sealed { get; } = [];

    public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        if (@event is SegmentSealed sealedEvent)
        {
            Sealed.Add(sealedEvent);
        }

        return Task.CompletedTask;
    }
}
