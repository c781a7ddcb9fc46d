using System.Globalization;
using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// One camera as <c>cvr status</c> judges it, by the thresholds of the chart's alerts
/// (deploy/k8s/cvr/monitoring/alerts.yaml): down for more than 5 minutes, under 99 % recorded in the
/// last hour, less than 15 minutes of outage headroom, uploads lagging by more than an hour.
/// </summary>
public sealed record CameraHealth(
    string Camera,
    string Connection,
    DateTimeOffset? Since,
    double? RecordingRatio,
    double? UploadLagSeconds,
    double? HeadroomSeconds,
    string? LastError)
{
    public static readonly TimeSpan DownFor = TimeSpan.FromMinutes(5);
    public const double MinimumRatio = 0.99;
    public static readonly TimeSpan MinimumHeadroom = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaximumUploadLag = TimeSpan.FromHours(1);

    /// <summary>The cameras being recorded: instances with a recorder, and what the uploader says of their caches.</summary>
    public static IReadOnlyList<CameraHealth> From(JsonNode? instances, JsonNode? caches)
    {
        var cacheByStream = JsonFields.Items(caches)
            .Where(c => JsonFields.Text(c["streamId"]) is not null)
            .ToDictionary(c => JsonFields.Text(c["streamId"])!, StringComparer.Ordinal);
        return
        [
            .. from instance in JsonFields.Items(instances)
               let recording = JsonFields.Property(instance, "recording") as JsonObject
               where recording is not null
               let name = JsonFields.Text(instance["name"]) ?? "?"
               let cache = cacheByStream.GetValueOrDefault(name)
               orderby name
               select new CameraHealth(
                   name,
                   JsonFields.Text(recording["connection"]) ?? "?",
                   Time(recording["since"]),
                   Number(recording["recordingRatio"]),
                   cache is null ? null : Number(cache["uploadLagSeconds"]) ?? 0,
                   cache is null ? null : Number(cache["outageHeadroomSeconds"]),
                   LastErrorOf(recording)),
        ];
    }

    /// <summary>Why the camera is unhealthy at <paramref name="now"/>; empty when it is healthy.</summary>
    public IReadOnlyList<string> Problems(DateTimeOffset now)
    {
        List<string> problems = [];
        if (Connection != "Connected" && (Since is not { } since || now - since > DownFor))
        {
            problems.Add(Since is { } from ? $"not recording for {Duration.Format((now - from).TotalSeconds)}" : "not recording");
        }

        if (RecordingRatio < MinimumRatio)
        {
            problems.Add($"recorded {Percent(RecordingRatio)} of the last hour");
        }

        if (HeadroomSeconds < MinimumHeadroom.TotalSeconds)
        {
            problems.Add($"headroom {Duration.Format(HeadroomSeconds)}");
        }

        if (UploadLagSeconds > MaximumUploadLag.TotalSeconds)
        {
            problems.Add($"uploads lag {Duration.Format(UploadLagSeconds)}");
        }

        return problems;
    }

    public static string Percent(double? ratio) =>
        ratio is { } r ? (Math.Floor(r * 1000) / 10).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "-";

    private static string? LastErrorOf(JsonObject recording) =>
        JsonFields.Text(recording["lastDisconnectReason"]) is { } reason
            ? JsonFields.Text(recording["lastDisconnectDetail"]) is { Length: > 0 } detail ? $"{reason}: {detail}" : reason
            : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(JsonFields.Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
