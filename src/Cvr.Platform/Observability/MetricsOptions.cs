namespace Cvr.Platform.Observability;

/// <summary>Section <c>Cvr:Metrics</c>: the Prometheus scrape endpoint.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Cvr:Metrics";

    /// <summary>
    /// Who may scrape <c>/metrics</c> without a key. None by default: metrics name cameras and assets, and a
    /// reverse proxy on the same host would make every caller look like loopback.
    /// </summary>
    public MetricsScrapeAccess AnonymousScrape { get; set; } = MetricsScrapeAccess.None;
}
