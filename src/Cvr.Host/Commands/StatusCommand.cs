namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr status</c>: per camera, its recorder's state, the share of the last hour it recorded, how far
/// uploads lag, how much store outage its cache can still absorb and its last error, from the ingest's
/// instances and the uploader's <c>/api/cache</c>. Exits <see cref="Unhealthy"/> when any camera is
/// unhealthy (<see cref="CameraHealth"/>), so that cron or a monitoring agent can act on it.
/// </summary>
public static class StatusCommand
{
    /// <summary>Cvr answered, and at least one camera is unhealthy.</summary>
    public const int Unhealthy = 4;

    public static readonly CommandSyntax Syntax = new("cvr status [--url URL]", [], ["url"]);

    public static async Task<int> RunAsync(CommandOptions options, TextWriter output, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var instances = await cvr.CallAsync(HttpMethod.Get, "api/graphInstances", null, ct).ConfigureAwait(false);
        var caches = await cvr.CallAsync(HttpMethod.Get, "api/cache", null, ct).ConfigureAwait(false);
        var cameras = CameraHealth.From(instances.Body, caches.Body);
        if (cameras.Count == 0)
        {
            await output.WriteLineAsync("No camera is being recorded.").ConfigureAwait(false);
            return 0;
        }

        var now = time.GetUtcNow();
        foreach (var line in Table(cameras, now))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        var unhealthy = cameras.Count(c => c.Problems(now).Count > 0);
        await output.WriteLineAsync(unhealthy == 0 ? $"All {cameras.Count} camera(s) healthy." : $"{unhealthy} of {cameras.Count} camera(s) unhealthy.").ConfigureAwait(false);
        return unhealthy == 0 ? 0 : Unhealthy;
    }

    /// <summary>CAMERA, STATE, RECORDED 1H, UPLOAD LAG, HEADROOM, HEALTH, LAST ERROR.</summary>
    public static IReadOnlyList<string> Table(IEnumerable<CameraHealth> cameras, DateTimeOffset now) =>
        TextTable.Lines(
            ["CAMERA", "STATE", "RECORDED 1H", "UPLOAD LAG", "HEADROOM", "HEALTH", "LAST ERROR"],
            cameras.Select(c => (IReadOnlyList<string>)
            [
                c.Camera,
                c.Connection,
                CameraHealth.Percent(c.RecordingRatio),
                Duration.Format(c.UploadLagSeconds),
                Duration.Format(c.HeadroomSeconds),
                c.Problems(now) is { Count: > 0 } problems ? "UNHEALTHY: " + string.Join("; ", problems) : "ok",
                c.LastError ?? "-",
            ]));
}
