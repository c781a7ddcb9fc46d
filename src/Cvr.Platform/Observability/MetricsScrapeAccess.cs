namespace Cvr.Platform.Observability;

/// <summary>Who may read <c>/metrics</c> without a key (<c>Cvr:Metrics:AnonymousScrape</c>).</summary>
public enum MetricsScrapeAccess
{
    /// <summary>Nobody: a viewer or operator key, as every other API (the default).</summary>
    None,

    /// <summary>Connections from a loopback address (a Prometheus or agent on the same host or in the same pod).</summary>
    Loopback,

    /// <summary>Anyone who can reach the port: only where the network already restricts it (e.g. a NetworkPolicy).</summary>
    Any,
}
