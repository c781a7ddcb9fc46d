using System.Text.Json.Serialization;

namespace Cvr.Platform.Streams;

/// <summary>
/// When a service last heard that a stream was activated and deactivated. The two events travel on two
/// topics and may arrive in either order, so the times decide, not the order: a stream is retiring when
/// its latest deactivation is not older than its latest activation.
/// </summary>
/// <param name="ActivatedAt">The latest GraphInstanceActivated; MinValue when only a deactivation was heard.</param>
/// <param name="DeactivatedAt">The latest GraphInstanceDeactivated, if any.</param>
public sealed record StreamLifecycle(DateTimeOffset ActivatedAt, DateTimeOffset? DeactivatedAt)
{
    [JsonIgnore]
    public bool Retiring => DeactivatedAt >= ActivatedAt;

    public StreamLifecycle Activated(DateTimeOffset at) => this with { ActivatedAt = at > ActivatedAt ? at : ActivatedAt };

    public StreamLifecycle Deactivated(DateTimeOffset at) => this with { DeactivatedAt = DeactivatedAt is { } known && known > at ? known : at };
}
