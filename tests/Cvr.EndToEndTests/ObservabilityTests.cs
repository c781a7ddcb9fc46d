using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// <c>/metrics</c> of the real host while it records the test camera to Azurite, through a store outage and
/// then a camera outage: the per-camera metrics exist with sane values and move as they should (headroom
/// falls and the upload lag grows while the store is down; reconnects count and the recording ratio drops
/// while the camera is down), every metric the chart's alerts and dashboard read is exported, and
/// <c>cvr status</c> reports the camera and exits non-zero once it is unhealthy.
/// </summary>
public sealed class ObservabilityTests : IAsyncLifetime
{
    private const string Instance = "metrics-cam";
    private static readonly TimeSpan Bound = Eventually.Bound;
    private static readonly (string, string) Camera = ("cvr_instance", Instance);
    private StoreOutageFixture _recording = null!;

    /// <summary>Counters that only appear once what they count has happened (Prometheus has no sample before).</summary>
    private static readonly string[] OnlyAfterTheirFirstEvent =
        ["cvr_cache_evicted_segments_total", "cvr_messaging_delivery_retries_total", "cvr_messaging_dead_letters_total"];

    public async Task InitializeAsync() => _recording = await StoreOutageFixture.StartAsync(Instance, cacheMiB: 64);

    public async Task DisposeAsync() => await _recording.DisposeAsync();

    [Fact]
    public async Task Metrics_StoreThenCameraOutage_MoveAsTheRecordingDoes()
    {
        // Recording: connected, seconds recorded, bytes uploaded, a ratio once the first segments have settled.
        var healthy = await ScrapeUntilAsync(
            s => s.Value("cvr_camera_state", Camera, ("cvr_camera_state", "Connected")) == 1
                && s.Value("cvr_recording_ratio", Camera) is not null
                && s.Value("cvr_cache_outage_headroom_seconds", Camera) is not null,
            "the camera is connected and its ratio and headroom are known");
        Assert.Equal(0, healthy.Value("cvr_camera_state", Camera, ("cvr_camera_state", "Reconnecting")));
        Assert.InRange(healthy.Value("cvr_recording_ratio", Camera)!.Value, 0.5, 1.0);
        var recorded = healthy.Value("cvr_recording_duration_seconds_total", Camera)!.Value;
        var expected = healthy.Value("cvr_recording_expected_duration_seconds_total", Camera)!.Value;
        Assert.InRange(recorded, 1, expected);
        Assert.True(healthy.Value("cvr_upload_size_bytes_total", Camera) > 0);
        Assert.True(healthy.Value("cvr_segment_seal_latency_seconds_count", Camera) >= 1);
        Assert.InRange(healthy.Value("cvr_segment_seal_latency_seconds_sum", Camera)!.Value, 0, 600);
        var headroomBefore = healthy.Value("cvr_cache_outage_headroom_seconds", Camera)!.Value;
        Assert.InRange(headroomBefore, 1, 64 * 1024 * 1024 * 8.0 / 10_000); // more than nothing, less than the cache at 10 kbit/s
        Assert.All(healthy.Samples.Where(s => s.Name.StartsWith("cvr_", StringComparison.Ordinal) && s.Labels.ContainsKey("cvr_instance")), s =>
            Assert.DoesNotContain(s.Labels.Keys, k => k.Contains("segment", StringComparison.Ordinal) || k.Contains("session", StringComparison.Ordinal)));

        // The store goes away: what is sealed waits, the headroom falls and the lag grows (beyond the length
        // of a segment and its upload: a segment just sealed is 30 s old already).
        await _recording.StopStoreAsync();
        var outage = await ScrapeUntilAsync(
            s => s.Value("cvr_cache_outage_headroom_seconds", Camera) < headroomBefore && s.Value("cvr_upload_lag_seconds", Camera) > 90,
            "the headroom falls and uploads lag while the store is down");
        Assert.True(outage.Value("cvr_cache_backlog_bytes", Camera) > 0);
        await _recording.RestoreStoreAsync();
        await ScrapeUntilAsync(s => s.Value("cvr_upload_lag_seconds", Camera) == 0, "the backlog is uploaded once the store is back");

        // The camera goes away: the recorder reconnects (and says why), and the ratio drops below what it was.
        var ratioBefore = (await ScrapeAsync()).Value("cvr_recording_ratio", Camera)!.Value;
        await _recording.Camera.StopAsync();
        var down = await ScrapeUntilAsync(
            s => s.Values("cvr_camera_reconnects_total", Camera).Sum() >= 1
                && s.Value("cvr_camera_state", Camera, ("cvr_camera_state", "Connected")) == 0
                && s.Value("cvr_recording_ratio", Camera) < Math.Min(ratioBefore, 0.99),
            "reconnects are counted and the recording ratio drops");
        Assert.Contains(down.Samples, s => s.Name == "cvr_camera_reconnects_total" && s.Labels.ContainsKey("cvr_disconnect_reason"));

        var (exitCode, output, _) = await _recording.Host.RunCliAsync("status");
        Assert.Equal(4, exitCode);
        Assert.Matches($@"(?m)^{Instance}\s+(Reconnecting|Connecting)\s+\d+\.\d %", output);
        Assert.Contains("UNHEALTHY", output, StringComparison.Ordinal);

        // The camera comes back: ffmpeg is started again for it, and it is connected again.
        await _recording.RestartCameraAsync();
        var back = await ScrapeUntilAsync(
            s => s.Value("cvr_camera_state", Camera, ("cvr_camera_state", "Connected")) == 1 && s.Value("cvr_ffmpeg_restarts_total", Camera) >= 1,
            "the camera is recorded again by a restarted ffmpeg");
        AssertChartReadsOnlyExportedMetrics(back);
    }

    /// <summary>Every metric the alert rules read is exported; so is every one the dashboard reads, but for counters of rare events.</summary>
    private static void AssertChartReadsOnlyExportedMetrics(PrometheusScrape scrape)
    {
        var alerts = PromQl.ExpressionsIn(PromQl.AlertsFile).SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);
        var dashboard = PromQl.ExpressionsIn(PromQl.DashboardFile).SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(4, PromQl.ExpressionsIn(PromQl.AlertsFile).Count);
        Assert.All(alerts, name => Assert.Contains(name, scrape.Names));
        Assert.All(dashboard.Except(OnlyAfterTheirFirstEvent), name => Assert.Contains(name, scrape.Names));
        Assert.NotEmpty(dashboard.Intersect(OnlyAfterTheirFirstEvent));
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var client = _recording.Host.Client(_recording.Host.ViewerKey);
        using var response = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }

    private Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> condition, string because) =>
        Eventually.WaitAsync(
            async () => await ScrapeAsync() is var scrape && condition(scrape) ? scrape : null,
            Bound,
            because);
}
