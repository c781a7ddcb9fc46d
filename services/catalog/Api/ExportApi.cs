using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Cvr.Catalog.Clips;
using Cvr.Catalog.Exports;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;
using Microsoft.Net.Http.Headers;

namespace Cvr.Catalog.Api;

/// <summary>Export jobs: clips of up to 24 hours made in the background, kept for download until they expire.</summary>
public static class ExportApi
{
    /// <summary>A job's request is a few short fields.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/assets").WithTags("Exports")
            .MapPost("/{asset}/exports", CreateAsync).RequireAuthorization(CvrPolicies.Viewer).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Starts an export job: [start, end) of up to 24 hours as one MP4, made in the background.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        var exports = endpoints.MapGroup("/api/exports").WithTags("Exports");
        exports.MapGet("/", (ExportJobs jobs, HttpRequest request) => TypedResults.Ok(new ExportList([.. jobs.All.Select(j => ExportView.Of(j, request.PathBase))])))
            .RequireAuthorization(CvrPolicies.Viewer).WithSummary("The export jobs kept, newest first.");
        exports.MapGet("/{id}", Get).RequireAuthorization(CvrPolicies.Viewer).WithSummary("An export job: its state, progress, file and expiry.");
        exports.MapGet("/{id}/clip.mp4", Download).RequireAuthorization(CvrPolicies.Viewer).Produces(200, contentType: "video/mp4").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("An export job's clip, with Range requests and an ETag (a download resumes).");
        exports.MapDelete("/{id}", DeleteAsync).RequireAuthorization(CvrPolicies.Viewer).WithSummary("Stops an export job and deletes its clip.");
        return endpoints;
    }

    /// <summary>
    /// <c>{"start", "end", "gaps"?}</c> as for clip.mp4 but up to 24 hours: checked against the catalog now
    /// (an unknown asset, nothing recorded or a refused gap answer at once), made later. 202 with the job.
    /// </summary>
    private static async Task<Results<Accepted<ExportView>, ValidationProblem, Refusal>> CreateAsync(string asset, HttpRequest request, CatalogDatabase catalog, ExportJobs jobs, CancellationToken ct)
    {
        var (clip, problem) = await ReadRequestAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (_, refused) = await ClipApi.PlanAsync(asset, clip!, catalog, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var job = await jobs.CreateAsync(asset, clip!, ct).ConfigureAwait(false);
        var view = ExportView.Of(job, request.PathBase);
        return TypedResults.Accepted($"{request.PathBase}/api/exports/{job.Id}", view);
    }

    private static Results<Ok<ExportView>, ProblemHttpResult> Get(string id, ExportJobs jobs, HttpRequest request) =>
        jobs.Find(id) is { } job ? TypedResults.Ok(ExportView.Of(job, request.PathBase)) : Unknown(id, jobs);

    /// <summary>The clip, with Range requests (a download resumes where it stopped) and an ETag for If-Range.</summary>
    private static Results<FileStreamHttpResult, ProblemHttpResult> Download(string id, ExportJobs jobs)
    {
        if (jobs.Find(id) is not { } job)
        {
            return Unknown(id, jobs);
        }

        switch (job.State)
        {
            case ExportState.Expired:
                return TypedResults.Problem(statusCode: 410, title: "Expired.", detail: $"Export '{id}' expired at {job.ExpiresAt:o}; its clip was deleted.");
            case ExportState.Failed:
                return TypedResults.Problem(statusCode: 409, title: "Failed.", detail: $"Export '{id}' failed, there is no clip: {job.Error}");
            case ExportState.Queued or ExportState.Running:
                return TypedResults.Problem(statusCode: 409, title: "Not ready.", detail: $"Export '{id}' is {job.State.ToString().ToLowerInvariant()} ({job.Progress:P0}); its clip can be downloaded once its state is completed.");
        }

        FileStream clip;
        try
        {
            clip = new FileStream(jobs.ClipPath(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return TypedResults.Problem(statusCode: 410, title: "Expired.", detail: $"Export '{id}' expired; its clip was deleted.");
        }

        return TypedResults.File(
            clip,
            "video/mp4",
            fileDownloadName: $"{job.Asset}-{job.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.mp4",
            lastModified: job.FinishedAt,
            entityTag: new EntityTagHeaderValue($"\"{id}\""),
            enableRangeProcessing: true);
    }

    /// <summary>Stops the job if it runs and deletes its clip.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ExportJobs jobs, CancellationToken ct) =>
        await jobs.DeleteAsync(id, ct).ConfigureAwait(false) ? TypedResults.NoContent() : Unknown(id, jobs);

    private static ProblemHttpResult Unknown(string id, ExportJobs jobs) => TypedResults.Problem(
        statusCode: 404,
        title: "Not found.",
        detail: $"There is no export job '{id}': it never existed, was deleted, or expired over {jobs.Lifetime.TotalHours:0.#} hours ago.");

    private static async Task<(ClipRequest? Request, ValidationProblem? Problem)> ReadRequestAsync(HttpRequest request, CancellationToken ct)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid("$", $"The body must be a JSON object such as {{\"start\": \"2026-01-01T00:00:00Z\", \"end\": \"2026-01-01T01:00:00Z\"}}: {ex.Message}"));
        }

        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Invalid("$", "The body must be a JSON object with start, end and (optionally) gaps."));
            }

            string? start = null, end = null, gaps = null;
            foreach (var property in body.RootElement.EnumerateObject())
            {
                if (property.Name is not ("start" or "end" or "gaps"))
                {
                    return (null, Problems.Invalid(property.Name, $"'{property.Name}' is not a field of an export; the fields are start, end and gaps."));
                }

                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return (null, Problems.Invalid(property.Name, $"{property.Name} must be a string."));
                }

                _ = property.Name switch
                {
                    "start" => start = property.Value.GetString(),
                    "end" => end = property.Value.GetString(),
                    _ => gaps = property.Value.GetString(),
                };
            }

            // "refuse" is said out loud here (the query of clip.mp4 says it by leaving gaps out).
            return ClipRequest.Parse(start, end, gaps == "refuse" ? null : gaps, ClipRequest.MaxLength, "Split it into several exports.");
        }
    }
}
