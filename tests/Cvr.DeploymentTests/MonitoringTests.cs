using System.Text.Json;
using Cvr.DeploymentTests.Support;
using Cvr.Testing;

namespace Cvr.DeploymentTests;

/// <summary>
/// The Grafana dashboard and the Prometheus alert rules of the chart: off by default, rendered and linted
/// when switched on, with the four SLO alerts at their thresholds. That every metric they name is exported
/// is checked against a running host by Cvr.EndToEndTests' ObservabilityTests.
/// </summary>
[Collection(ChartCollection.Name)]
public class MonitoringTests(ChartRenders chart)
{
    private static readonly string[] Enabled =
    [
        "--set", "monitoring.dashboards.enabled=true",
        "--set", "monitoring.dashboards.folder=Cameras",
        "--set", "monitoring.alerts.enabled=true",
        "--set", "monitoring.alerts.labels.release=kube-prometheus-stack",
    ];

    [Fact]
    public void Monitoring_Default_RendersNoDashboardAndNoRule()
    {
        Assert.DoesNotContain(chart.Defaults.All, m => m.Kind == "PrometheusRule" || m.Name == "cvr-dashboards");
    }

    [Fact]
    public async Task HelmLint_MonitoringEnabled_PassesWithoutWarnings()
    {
        var result = await chart.Helm.LintAsync(Enabled, CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Enabled_IsAConfigMapTheGrafanaSidecarFindsWithPanelsOverCvrMetrics()
    {
        var manifests = await chart.RenderAsync(Enabled, CancellationToken.None);
        var map = manifests.Single("ConfigMap", "cvr-dashboards");

        Assert.Equal("1", map.Root.At("metadata", "labels", "grafana_dashboard").Text());
        Assert.Equal("Cameras", map.Root.At("metadata", "annotations", "grafana_folder").Text());
        using var dashboard = JsonDocument.Parse(map.Root.At("data", "cvr-recording.json").Text()!);
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        string[] perCamera = ["cvr_recording_ratio", "cvr_upload_lag_seconds", "cvr_cache_outage_headroom_seconds", "cvr_camera_reconnects_total"];
        Assert.All(perCamera, name => Assert.Contains(expressions, e => PromQl.MetricNames(e).Contains(name)));
        Assert.All(expressions, e => Assert.NotEmpty(PromQl.MetricNames(e)));
    }

    [Fact]
    public async Task Alerts_Enabled_AreAPrometheusRuleWithTheFourSloAlerts()
    {
        var manifests = await chart.RenderAsync(Enabled, CancellationToken.None);
        var rule = manifests.Single("PrometheusRule", "cvr-alerts");

        Assert.Equal("monitoring.coreos.com/v1", rule.ApiVersion);
        Assert.Equal("kube-prometheus-stack", rule.Root.At("metadata", "labels", "release").Text());
        var alerts = rule.Root.At("spec", "groups").Items().SelectMany(g => g.At("rules").Items())
            .ToDictionary(r => r.At("alert").Text()!, r => (Expr: r.At("expr").Text()!, For: r.At("for").Text()));
        Assert.Equal(["CvrCameraDown", "CvrOutageHeadroomLow", "CvrRecordingRatioLow", "CvrUploadLagHigh"], alerts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("5m", alerts["CvrCameraDown"].For);
        Assert.Matches(@"cvr_camera_state\{cvr_camera_state=""Connected""\}\) == 0$", alerts["CvrCameraDown"].Expr);
        Assert.EndsWith("(cvr_recording_ratio) < 0.99", alerts["CvrRecordingRatioLow"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("(cvr_cache_outage_headroom_seconds) < 900", alerts["CvrOutageHeadroomLow"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("(cvr_upload_lag_seconds) > 3600", alerts["CvrUploadLagHigh"].Expr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workloads_MonitoringValues_SetScrapeAccessAndOtlpEndpoint()
    {
        var manifests = await chart.RenderAsync(["--set", "monitoring.anonymousScrape=Any", "--set", "monitoring.otlpEndpoint=http://collector:4317"], CancellationToken.None);

        Assert.All(ChartRenders.AppIds, appId =>
        {
            var env = manifests.Service(appId).Containers.ItemWith("name", appId).At("env");
            Assert.Equal("Any", env.ItemWith("name", "Cvr__Metrics__AnonymousScrape").At("value").Text());
            Assert.Equal("http://collector:4317", env.ItemWith("name", "OTEL_EXPORTER_OTLP_ENDPOINT").At("value").Text());
            Assert.Null(chart.Defaults.Service(appId).Containers.ItemWith("name", appId).At("env").ItemWith("name", "OTEL_EXPORTER_OTLP_ENDPOINT"));
        });
    }
}
