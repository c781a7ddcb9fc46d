using Cvr.Catalog.Clips;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;

namespace Cvr.Catalog.Api;

/// <summary>Clips: a range of an asset as one progressive MP4 (stream copy, moov first), made on request.</summary>
public static class ClipApi
{
    public static IEndpointRouteBuilder MapClipApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/assets").WithTags("Assets")
            .MapGet("/{asset}/clip.mp4", ClipAsync).RequireAuthorization(CvrPolicies.Viewer);
        return endpoints;
    }

    /// <summary>
    /// [start, end) of the asset, at most 24 hours: from the frame recorded at start (an edit list trims the
    /// GOP before it) to end, with audio when it was recorded, its wall-clock start in creation_time and in
    /// its comment. A gap refuses it unless gaps=skip, which leaves gaps out and lists them in the comment.
    /// </summary>
    private static async Task<IResult> ClipAsync(
        string asset, string? start, string? end, string? gaps, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, ClipMaker maker, CancellationToken ct)
    {
        var (request, problem) = ClipRequest.Parse(start, end, gaps);
        if (problem is not null)
        {
            return problem;
        }

        if (!await catalog.AssetExistsAsync(asset, ct).ConfigureAwait(false))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"Asset '{asset}' does not exist.");
        }

        var segments = await catalog.SegmentsAsync(asset, request!.From, request.To, includeEvicted: false, ct).ConfigureAwait(false);
        var (plan, refusal) = ClipPlan.Of([.. segments.Select(s => s.Segment)], request);
        if (refusal is not null)
        {
            return refusal.Kind == ClipRefusalKind.NoMedia
                ? TypedResults.Problem(statusCode: 404, title: "No media.", detail: refusal.Detail)
                : Problems.Invalid(refusal.Kind == ClipRefusalKind.Gap ? "gaps" : "end", refusal.Detail);
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
