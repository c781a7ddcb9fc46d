using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;

namespace Cvr.Catalog.Api;

/// <summary>The catalog's HTTP surface: assets and their available media (playback: <see cref="PlaybackApi"/>).</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var assets = endpoints.MapGroup("/api/assets").WithTags("Assets");
        assets.MapGet("/", ListAssetsAsync).RequireAuthorization(CvrPolicies.Viewer)
            .WithSummary("The recorded assets in name order, with their extent; 1,000 a page, @nextLink to the rest.");
        assets.MapGet("/{asset}/availableMedia", AvailableMediaAsync).RequireAuthorization(CvrPolicies.Viewer).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Recorded ranges and gaps with reasons (paged), or with precision=year|month|day which periods hold media.");
        assets.MapGet("/{asset}/segments", ListSegmentsAsync).RequireAuthorization(CvrPolicies.Viewer).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every segment of [start, end) the catalog knows, evicted ones included; 1,000 a page.");
        return endpoints;
    }

    /// <summary>The assets in name order, <see cref="AssetList.PageSize"/> at most a page.</summary>
    private static async Task<Results<Ok<AssetList>, ValidationProblem>> ListAssetsAsync(string? continuationToken, HttpRequest request, CatalogDatabase catalog, CancellationToken ct)
    {
        string? after = null;
        if (continuationToken is not null && (!PageToken.TryRead(continuationToken, out _, out after) || after is null))
        {
            return Problems.Invalid(PageToken.QueryName, "continuationToken is not one this listing gave; follow @nextLink as it is.");
        }

        var assets = await catalog.ListAssetsAsync(ct, AssetList.PageSize + 1, after).ConfigureAwait(false);
        var page = new AssetList([.. assets.Take(AssetList.PageSize).Select(a => new AssetView(a.Name, a.StreamId, a.SegmentCount, a.SizeBytes, a.Start, a.End))]);
        return TypedResults.Ok(assets.Count > AssetList.PageSize
            ? page with { NextLink = PageToken.NextLink(request, PageToken.Format(DateTimeOffset.MinValue, assets[AssetList.PageSize - 1].Name)) }
            : page);
    }

    /// <summary>
    /// The ranges and gaps of [start, end), paged; with a precision, AVA's answer (which years, months or
    /// days hold media, or the ranges of at most 25 hours). Read from the kept timeline: a few rows
    /// whatever the length of the history.
    /// </summary>
    private static async Task<Results<Ok<AvailableMedia>, Ok<CalendarAvailability>, ValidationProblem, ProblemHttpResult>> AvailableMediaAsync(
        string asset, string? start, string? end, string? precision, string? continuationToken, HttpRequest request, CatalogDatabase catalog, CancellationToken ct)
    {
        var (query, problem) = AvailabilityQuery.Parse(start, end, precision);
        if (problem is not null)
        {
            return problem;
        }

        var from = query!.From;
        if (continuationToken is not null)
        {
            if (!PageToken.TryRead(continuationToken, out from, out _) || from < query.From || from >= query.To)
            {
                return Problems.Invalid(PageToken.QueryName, "continuationToken is not one this listing gave; follow @nextLink as it is.");
            }
        }

        if (!await catalog.AssetExistsAsync(asset, ct).ConfigureAwait(false))
        {
            return AssetNotFound(asset);
        }

        if (query.Precision is { } level and not AvailabilityPrecision.Full)
        {
            return TypedResults.Ok(CalendarAvailability.Of(level, from, query.To, await catalog.RecordedSpansAsync(asset, from, query.To, ct).ConfigureAwait(false)));
        }

        // A page reads at most so many pieces (a few months of them): a long history costs what a page does.
        var (pieces, until) = await catalog.TimelinePageAsync(asset, from, query.To, AvailableMedia.PiecesPerPage, ct).ConfigureAwait(false);
        var (page, next) = AvailableMedia.Of(from, until, pieces, tail => tail.EndReason);
        next ??= until < query.To ? until : null;
        return TypedResults.Ok(next is { } at ? page with { NextLink = PageToken.NextLink(request, PageToken.Format(at)) } : page);
    }

    /// <summary>The segments of [start, end), evicted ones included, <see cref="SegmentList.PageSize"/> at most a page.</summary>
    private static async Task<Results<Ok<SegmentList>, ValidationProblem, ProblemHttpResult>> ListSegmentsAsync(
        string asset, string? start, string? end, string? continuationToken, HttpRequest request, CatalogDatabase catalog, CancellationToken ct)
    {
        var (query, problem) = AvailabilityQuery.Parse(start, end, precision: null);
        if (problem is not null)
        {
            return problem;
        }

        SegmentDescriptor? after = null;
        if (continuationToken is not null)
        {
            if (!PageToken.TryRead(continuationToken, out _, out var file) || file is null)
            {
                return Problems.Invalid(PageToken.QueryName, "continuationToken is not one this listing gave; follow @nextLink as it is.");
            }

            after = await catalog.SegmentAsync(asset, file, ct).ConfigureAwait(false) is { } last ? last.Segment : null;
            if (after is null)
            {
                return Problems.Invalid(PageToken.QueryName, "continuationToken names a segment the catalog no longer has; list again from start.");
            }
        }

        if (!await catalog.AssetExistsAsync(asset, ct).ConfigureAwait(false))
        {
            return AssetNotFound(asset);
        }

        var segments = await catalog.SegmentsAsync(asset, query!.From, query.To, includeEvicted: true, ct, SegmentList.PageSize + 1, after).ConfigureAwait(false);
        var page = new SegmentList([.. segments.Take(SegmentList.PageSize).Select(SegmentView.Of)]);
        return TypedResults.Ok(segments.Count > SegmentList.PageSize
            ? page with { NextLink = PageToken.NextLink(request, PageToken.Format(segments[SegmentList.PageSize - 1].Segment.Start, segments[SegmentList.PageSize - 1].Segment.FileName)) }
            : page);
    }

    private static ProblemHttpResult AssetNotFound(string asset) => SegmentRange.AssetNotFound(asset);
}
