using Cvr.Platform.Resilience;

namespace Cvr.Platform.Messaging;

/// <summary>
/// What becomes of an event whose handler fails (throws, times out or answers Retry): it is delivered
/// again on <see cref="Backoff"/> at most <see cref="MaxRetries"/> times, each attempt cut off after
/// <see cref="AttemptTimeout"/>, and then dead-lettered: kept aside, logged once as an error and counted
/// (<see cref="DeliveryMetrics"/>). The same policy in both modes: daprd applies the inbound policy of
/// components/resiliency.yaml (and the chart's copy of it), the in-process bus applies <see cref="Default"/>;
/// tests/Cvr.DeploymentTests fails when the two disagree.
/// </summary>
public sealed record DeliveryPolicy(RetryBackoff Backoff, int MaxRetries, TimeSpan AttemptTimeout)
{
    /// <summary>Dead letters kept per app id, newest last; older ones are only in the log.</summary>
    public const int DeadLettersKept = 100;

    /// <summary>
    /// resiliency.yaml's <c>retries.delivery</c> (exponential, maxInterval 10s, maxRetries 10) with daprd's
    /// fixed start of 0.5 s and factor 1.5: 0.5 s, 0.75 s … 10 s, ~45 s in all; <c>timeouts.delivery</c> 15 s.
    /// daprd also spreads each wait by ±50 %; one process has no crowd of retries to spread, so the bus does not.
    /// </summary>
    public static DeliveryPolicy Default { get; } = new(
        new RetryBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), Multiplier: 1.5),
        MaxRetries: 10,
        AttemptTimeout: TimeSpan.FromSeconds(15));

    /// <summary>The wait before retry <paramref name="retry"/> (1-based); null once the retries are used up.</summary>
    public TimeSpan? DelayBefore(int retry) => retry <= MaxRetries ? Backoff.DelayFor(retry) : null;
}
