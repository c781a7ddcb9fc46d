using System.Diagnostics.Metrics;

namespace Cvr.Platform.Messaging;

/// <summary>
/// Counts dead letters by app id, on the same instrument in both modes: what daprd gave up on (recorded
/// by the app's dead-letter route) and what the in-process bus gave up on.
/// </summary>
public sealed class DeadLetterMeter(IMeterFactory meters)
{
    public const string MeterName = "Cvr.Messaging";

    private readonly Counter<long> _count = meters.Create(MeterName).CreateCounter<long>(
        "cvr.messaging.dead_letters",
        description: "Events whose delivery failed for as long as the delivery policy allows, and were dead-lettered");

    public void Add(string appId) => _count.Add(1, new KeyValuePair<string, object?>("app", appId));
}
