using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cvr.Platform.Messaging;

/// <summary>
/// The delivery instruments, the same in both modes: failed attempts that will be retried (the in-process
/// bus reschedules; under Dapr the handler answers RETRY and daprd delivers again) and dead letters (what
/// the in-process bus gave up on, or what daprd gave up on and the app's dead-letter route recorded).
/// Tagged by subscriber (<c>messaging.consumer.group.name</c>, the app id) and topic.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Cvr.Messaging";

    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;

    public DeliveryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _retries = meter.CreateCounter<long>(
            "cvr.messaging.delivery_retries",
            "{delivery}",
            "Deliveries of an event that failed (threw, timed out or answered retry) and will be attempted again");
        _deadLetters = meter.CreateCounter<long>(
            "cvr.messaging.dead_letters",
            "{event}",
            "Events whose delivery failed for as long as the delivery policy allows, and were dead-lettered");
    }

    public void AddRetry(string appId, string topic) => _retries.Add(1, Tags(appId, topic));

    /// <param name="topic">The topic the event was published on; under Dapr, the app's dead-letter topic (daprd does not say which it came from).</param>
    public void AddDeadLetter(string appId, string topic) => _deadLetters.Add(1, Tags(appId, topic));

    private static TagList Tags(string appId, string topic) =>
        new() { { "messaging.consumer.group.name", appId }, { "messaging.destination.name", topic } };
}
