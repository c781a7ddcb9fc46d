using System.Text.Json.Serialization;
using Cvr.Catalog.Exports;

namespace Cvr.Catalog.Api;

/// <summary>An export job as the API shows it.</summary>
/// <param name="Gaps"><c>refuse</c> or <c>skip</c>.</param>
/// <param name="State"><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>expired</c>.</param>
/// <param name="Progress">The share of the clip written, 0 to 1.</param>
/// <param name="File">Where the clip is downloaded (Range requests resume), once completed.</param>
public sealed record ExportView(
    string Id,
    string Asset,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Gaps,
    string State,
    double Progress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Bytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FinishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? File)
{
    public static ExportView Of(ExportJob job, string pathBase)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new ExportView(
            job.Id,
            job.Asset,
            job.Start,
            job.End,
            job.SkipGaps ? "skip" : "refuse",
            job.State.ToString().ToLowerInvariant(),
            Math.Round(job.Progress, 3),
            job.Bytes,
            job.Error,
            job.CreatedAt,
            job.FinishedAt,
            job.ExpiresAt,
            job.State == ExportState.Completed ? new Uri($"{pathBase}/api/exports/{job.Id}/clip.mp4", UriKind.Relative) : null);
    }
}
