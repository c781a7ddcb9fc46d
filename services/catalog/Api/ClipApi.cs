using Microsoft.AspNetCore.Http.HttpResults;
using Cvr.Catalog.Clips;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;

namespace Cvr.Catalog.Api;

/// <summary>Clips: a range of an asset as one progressive MP4 (stream copy, moov first), made on request.</summary>
public static class ClipApi
{
    /// <summary>The rate-limiting policy that bounds the clips made while their requests wait (each an ffmpeg).</summary>
    public const string ClipMakers = "clip-makers";

    public const int WaitedClipsAtOnce = 2;

    /// <summary>Clip requests that wait for a clip maker; past these, 429 with Retry-After.</summary>
    public const int WaitedClipsQueued = 8;

    public static IEndpointRouteBuilder MapClipApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/assets").WithTags("Assets")
            .MapGet("/{asset}/clip.mp4", ClipAsync).RequireAuthorization(CvrPolicies.Viewer).RequireRateLimiting(ClipMakers).Produces(200, contentType: "video/mp4").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("[start, end) (at most 10 minutes) as one progressive MP4 that starts at the frame recorded at start; gaps refused or skipped.");
        return endpoints;
    }

    /// <summary>How the clip is cut from what the catalog lists now, or why it cannot be: 404 (no such asset, nothing recorded) or 400 naming the gap.</summary>
    internal static async Task<(ClipPlan? Plan, Refusal? Refused)> PlanAsync(string asset, ClipRequest request, CatalogDatabase catalog, CancellationToken ct)
    {
        if (!await catalog.AssetExistsAsync(asset, ct).ConfigureAwait(false))
        {
            return (null, (Refusal)SegmentRange.AssetNotFound(asset));
        }

        var segments = await catalog.SegmentsAsync(asset, request.From, request.To, includeEvicted: false, ct).ConfigureAwait(false);
        var (plan, refusal) = ClipPlan.Of([.. segments.Select(s => s.Segment)], request);
        return refusal switch
        {
            null => (plan, null),
            { Kind: ClipRefusalKind.NoMedia } => (null, (Refusal)TypedResults.Problem(statusCode: 404, title: "No media.", detail: refusal.Detail)),
            _ => (null, (Refusal)Problems.Invalid(refusal.Kind == ClipRefusalKind.Gap ? "gaps" : "end", refusal.Detail)),
        };
    }

    /// <summary>
    /// [start, end) of the asset, at most 10 minutes (longer ones are export jobs): from the frame recorded at start (an edit list trims the
    /// GOP before it) to end, with audio when it was recorded, its wall-clock start in creation_time and in
    /// its comment. A gap refuses it unless gaps=skip, which leaves gaps out and lists them in the comment.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult, Refusal>> ClipAsync(
        string asset, string? start, string? end, string? gaps, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, ClipMaker maker, CancellationToken ct)
    {
        var (request, problem) = ClipRequest.Parse(
            start, end, gaps, ClipRequest.MaxWaitedLength, $"POST /api/assets/{asset}/exports makes clips of up to 24 hours as a job.");
        if (problem is not null)
        {
            return problem;
        }

        var (plan, refused) = await PlanAsync(asset, request!, catalog, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        FileStream clip;
        try
        {
            clip = await maker.MakeAsync(asset, plan!, media.OpenAsync, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException missing)
        {
            // Expired or dropped between the catalog's answer and the read.
            return TypedResults.Problem(statusCode: 404, title: "No media.", detail: missing.Message);
        }
        catch (InvalidDataException unjoinable)
        {
            // Runs of two sessions whose tracks differ: found only when their files are read.
            return Problems.Invalid("gaps", unjoinable.Message);
        }

        context.Response.Headers.ContentDisposition = $"inline; filename=\"{asset}-{plan!.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.mp4\"";
        return TypedResults.Stream(clip, "video/mp4", enableRangeProcessing: true);
    }
}
