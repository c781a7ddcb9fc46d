using Microsoft.AspNetCore.Http.HttpResults;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;
using Microsoft.Net.Http.Headers;

namespace Cvr.Catalog.Api;

/// <summary>Thumbnails: the first keyframe of the segment recorded at a time, as a small JPEG.</summary>
public static class ThumbnailApi
{
    public static IEndpointRouteBuilder MapThumbnailApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/assets").WithTags("Assets")
            .MapGet("/{asset}/thumbnail.jpg", ThumbnailAsync).RequireAuthorization(CvrPolicies.Viewer).Produces(200, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The first keyframe of the segment recorded at time, as a JPEG 320 pixels wide.");
        return endpoints;
    }

    /// <summary>
    /// The thumbnail of the segment recorded at <c>time</c> (its first keyframe, at most a segment
    /// before), cached by the browser for a day: a segment's first keyframe never changes.
    /// </summary>
    private static async Task<Results<PhysicalFileHttpResult, ValidationProblem, ProblemHttpResult>> ThumbnailAsync(
        string asset, string? time, CatalogDatabase catalog, SegmentThumbnails thumbnails, HttpContext context, CancellationToken ct)
    {
        if (time is null || !RequestedRange.TryParseTime(time, out var at))
        {
            return Problems.Invalid("time", time is null
                ? "time is required: an ISO 8601 UTC time such as 2026-01-01T00:00:00Z."
                : $"time must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z; '{time}' is not.");
        }

        var segment = (await catalog.SegmentsAsync(asset, at, at.AddTicks(1), includeEvicted: false, ct).ConfigureAwait(false))
            .Select(s => s.Segment).FirstOrDefault(s => s.Start <= at && at < s.End);
        if (segment is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "No media.", detail: $"Nothing of '{asset}' is recorded at {at:o}.");
        }

        string? path;
        try
        {
            path = await thumbnails.GetAsync(segment, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException unreadable)
        {
            return TypedResults.Problem(statusCode: 422, title: "No thumbnail.", detail: unreadable.Message);
        }

        if (path is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "No media.", detail: $"The segment of '{asset}' recorded at {at:o} is gone.");
        }

        context.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.PhysicalFile(path, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{segment.FileName}\""));
    }
}
