using System.Globalization;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Microsoft.AspNetCore.Http.HttpResults;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;

namespace Cvr.Catalog.Api;

/// <summary>The catalog's HTTP surface: assets, their available media, and HLS playback.</summary>
public static class CatalogApi
{
    private const string Mp4 = "video/mp4";
    private const string HlsContentType = "application/vnd.apple.mpegurl";

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var assets = endpoints.MapGroup("/api/assets").WithTags("Assets");
        assets.MapGet("/", ListAssetsAsync).RequireAuthorization(CvrPolicies.Viewer);
        assets.MapGet("/{asset}/availableMedia", AvailableMediaAsync).RequireAuthorization(CvrPolicies.Viewer);
        assets.MapGet("/{asset}/segments", ListSegmentsAsync).RequireAuthorization(CvrPolicies.Viewer);
        assets.MapPost("/{asset}/playbackUrl", PlaybackUrlAsync).RequireAuthorization(CvrPolicies.Viewer);

        // What players fetch: a viewer's key, or the playback token of this asset in the URL.
        assets.MapGet("/{asset}/master.m3u8", MultivariantPlaylistAsync).RequireAuthorization(CvrPolicies.Playback);
        assets.MapGet("/{asset}/playlist.m3u8", PlaylistAsync).RequireAuthorization(CvrPolicies.Playback);
        assets.MapGet("/{asset}/segments/{file}", SegmentFileAsync).RequireAuthorization(CvrPolicies.Playback);
        assets.MapGet("/{asset}/segments/{file}/init.mp4", InitializationAsync).RequireAuthorization(CvrPolicies.Playback);
        assets.MapGet("/{asset}/segments/{file}/media.m4s", FragmentsAsync).RequireAuthorization(CvrPolicies.Playback);
        return endpoints;
    }

    /// <summary>The assets in name order, <see cref="AssetList.PageSize"/> at most a page.</summary>
    private static async Task<IResult> ListAssetsAsync(string? continuationToken, HttpRequest request, CatalogDatabase catalog, CancellationToken ct)
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
    private static async Task<IResult> AvailableMediaAsync(
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

        var pieces = await catalog.TimelineAsync(asset, from, query.To, ct).ConfigureAwait(false);
        if (query.Precision is { } level and not AvailabilityPrecision.Full)
        {
            return TypedResults.Ok(CalendarAvailability.Of(level, from, query.To, PieceTimeline.Ranges(pieces)));
        }

        var (page, next) = AvailableMedia.Of(from, query.To, pieces, tail => tail.EndReason);
        return TypedResults.Ok(next is { } at ? page with { NextLink = PageToken.NextLink(request, PageToken.Format(at)) } : page);
    }

    /// <summary>
    /// A playlist URL that works without a header (VLC, <c>&lt;video&gt;</c>, ffmpeg) for this asset and
    /// range, until it expires: the multivariant playlist, which names the codecs before any media is fetched.
    /// </summary>
    private static async Task<IResult> PlaybackUrlAsync(string asset, string? start, string? end, HttpRequest request, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var (range, problem) = await RangeOfAsync(asset, start, end, catalog, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (token, expires) = tokens.Mint(new PlaybackScope(asset, range!.From, range.To));
        var query = new List<string>();
        if (start is not null)
        {
            query.Add($"start={Uri.EscapeDataString(Iso(range.From))}");
        }

        if (end is not null)
        {
            query.Add($"end={Uri.EscapeDataString(Iso(range.To))}");
        }

        query.Add($"{PlaybackTokens.QueryName}={token}");
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/api/assets/{Uri.EscapeDataString(asset)}/master.m3u8?{string.Join('&', query)}";
        return TypedResults.Ok(new PlaybackUrl(new Uri(url), expires));
    }

    private static async Task<IResult> MultivariantPlaylistAsync(string asset, string? start, string? end, HttpContext context, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var (range, token, problem) = await PlaybackRangeAsync(asset, start, end, context, catalog, tokens, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var query = new List<string>();
        if (range!.From != DateTimeOffset.MinValue)
        {
            query.Add($"start={Uri.EscapeDataString(Iso(range.From))}");
        }

        if (range.To != DateTimeOffset.MaxValue)
        {
            query.Add($"end={Uri.EscapeDataString(Iso(range.To))}");
        }

        query.Add($"{PlaybackTokens.QueryName}={Uri.EscapeDataString(token!)}");
        return TypedResults.Text(HlsMultivariantPlaylist.Build(range.Present, $"playlist.m3u8?{string.Join('&', query)}"), HlsContentType);
    }

    private static async Task<IResult> PlaylistAsync(string asset, string? start, string? end, HttpContext context, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var (range, token, problem) = await PlaybackRangeAsync(asset, start, end, context, catalog, tokens, ct).ConfigureAwait(false);
        return problem ?? TypedResults.Text(HlsPlaylist.Build(range!.Present, token!), HlsContentType);
    }

    /// <summary>
    /// The segments a playlist covers (the request's range, else its playback token's) and the token its
    /// URIs carry, so that a player given the playlist needs no header: the caller's own, or (for a
    /// viewer's key) one made for this asset and range.
    /// </summary>
    private static async Task<(SegmentRange? Range, string? Token, IResult? Problem)> PlaybackRangeAsync(
        string asset, string? start, string? end, HttpContext context, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var scope = PlaybackAccess.ScopeOf(context.User);
        var (range, problem) = await RangeOfAsync(asset, start ?? (scope is null ? null : Iso(scope.Start)), end ?? (scope is null ? null : Iso(scope.End)), catalog, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        if (scope is not null && !scope.Covers(range!.From, range.To))
        {
            return (null, null, TypedResults.Forbid());
        }

        var token = context.Request.Query[PlaybackTokens.QueryName].ToString() is { Length: > 0 } presented && scope is not null
            ? presented
            : tokens.Mint(new PlaybackScope(asset, range!.From, range.To)).Token;
        return (range, token, null);
    }

    /// <summary>The segments of [start, end), evicted ones included, <see cref="SegmentList.PageSize"/> at most a page.</summary>
    private static async Task<IResult> ListSegmentsAsync(
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

    /// <summary>The asset's segments in [start, end), or the problem with the request.</summary>
    private static async Task<(SegmentRange? Range, IResult? Problem)> RangeOfAsync(string asset, string? start, string? end, CatalogDatabase catalog, CancellationToken ct)
    {
        var (from, to, problem) = ParseRange(start, end);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (!await catalog.AssetExistsAsync(asset, ct).ConfigureAwait(false))
        {
            return (null, AssetNotFound(asset));
        }

        return (new SegmentRange(from, to, await catalog.SegmentsAsync(asset, from, to, includeEvicted: true, ct).ConfigureAwait(false)), null);
    }

    private static async Task<IResult> SegmentFileAsync(string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, CancellationToken ct)
    {
        var (segment, stream, refusal) = await OpenAsync(asset, file, context, catalog, media, ct).ConfigureAwait(false);
        return refusal ?? (stream is null ? SegmentNotFound(asset, file) : TypedResults.Stream(stream, Mp4, segment!.FileName, enableRangeProcessing: true));
    }

    private static async Task<IResult> InitializationAsync(string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, CancellationToken ct)
    {
        var (_, stream, refusal) = await OpenAsync(asset, file, context, catalog, media, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (stream is null)
        {
            return SegmentNotFound(asset, file);
        }

        await using (stream)
        {
            var index = await FragmentedMp4Reader.ReadIndexAsync(stream, ct).ConfigureAwait(false);
            var init = new byte[index.InitializationSize];
            stream.Position = 0;
            await stream.ReadExactlyAsync(init, ct).ConfigureAwait(false);
            return TypedResults.Bytes(init, Mp4);
        }
    }

    private static async Task<IResult> FragmentsAsync(string asset, string file, long? offset, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, CancellationToken ct)
    {
        if (offset is < 0)
        {
            return Problems.Invalid("offset", "offset must be a non-negative number of 100-ns ticks.");
        }

        var (_, stream, refusal) = await OpenAsync(asset, file, context, catalog, media, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (stream is null)
        {
            return SegmentNotFound(asset, file);
        }

        await using (stream)
        {
            var index = await FragmentedMp4Reader.ReadIndexAsync(stream, ct).ConfigureAwait(false);
            context.Response.ContentType = "video/iso.segment";
            context.Response.ContentLength = FragmentTimeShifter.OutputLength(index);
            await FragmentTimeShifter.CopyShiftedAsync(stream, index, TimeSpan.FromTicks(offset ?? 0), context.Response.Body, ct).ConfigureAwait(false);
            return TypedResults.Empty;
        }
    }

    /// <summary>The segment and its bytes; a refusal when the caller's playback token does not reach its time.</summary>
    private static async Task<(SegmentDescriptor? Segment, Stream? Stream, IResult? Refusal)> OpenAsync(string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, CancellationToken ct)
    {
        if (!SegmentFileName.TryParse(file, out _, out _, out _)
            || await catalog.SegmentAsync(asset, file, ct).ConfigureAwait(false) is not { Segment: var segment })
        {
            return (null, null, null);
        }

        if (PlaybackAccess.ScopeOf(context.User) is { } scope && !scope.Overlaps(segment.Start, segment.End))
        {
            return (segment, null, TypedResults.Forbid());
        }

        return (segment, await media.OpenAsync(segment, ct).ConfigureAwait(false), null);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static (DateTimeOffset From, DateTimeOffset To, IResult? Problem) ParseRange(string? start, string? end)
    {
        DateTimeOffset from = DateTimeOffset.MinValue, to = DateTimeOffset.MaxValue;
        if (start is not null && !TryParseTime(start, out from))
        {
            return (from, to, Problems.Invalid("start", $"start must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z; '{start}' is not."));
        }

        if (end is not null && !TryParseTime(end, out to))
        {
            return (from, to, Problems.Invalid("end", $"end must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z; '{end}' is not."));
        }

        return from >= to ? (from, to, Problems.Invalid("end", "end must be later than start.")) : (from, to, null);
    }

    // An unencoded "+00:00" arrives as " 00:00"; ISO 8601 has no spaces, so a space can only be a lost '+'.
    private static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);


    private sealed record SegmentRange(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CatalogSegment> All)
    {
        public IReadOnlyList<SegmentDescriptor> Present { get; } = [.. All.Where(s => !s.Evicted).Select(s => s.Segment)];
    }

    private static ProblemHttpResult AssetNotFound(string asset) =>
        TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"Asset '{asset}' does not exist.");

    private static ProblemHttpResult SegmentNotFound(string asset, string file) =>
        TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"Segment '{file}' of asset '{asset}' does not exist.");
}
