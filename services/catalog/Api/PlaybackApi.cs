using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Mp4;
using Microsoft.AspNetCore.Http.HttpResults;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;

// What init.mp4 and media.m4s answer, and the step of theirs that reads the segment's bytes.
using Indexed = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.EmptyHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ForbidHttpResult>;

namespace Cvr.Catalog.Api;

/// <summary>The catalog's HLS playback: playback URLs, playlists and the media they name.</summary>
public static class PlaybackApi
{
    private const string Mp4 = "video/mp4";
    private const string HlsContentType = "application/vnd.apple.mpegurl";

    public static IEndpointRouteBuilder MapPlaybackApi(this IEndpointRouteBuilder endpoints)
    {
        var assets = endpoints.MapGroup("/api/assets").WithTags("Assets");
        assets.MapPost("/{asset}/playbackUrl", PlaybackUrlAsync).RequireAuthorization(CvrPolicies.Viewer).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A signed HLS playlist URL for [start, end) (at most 24 h) that players use without a header until it expires.");

        // What players fetch: a viewer's key, or the playback token of this asset in the URL.
        assets.MapGet("/{asset}/master.m3u8", MultivariantPlaylistAsync).RequireAuthorization(CvrPolicies.Playback).Produces<string>(200, HlsContentType).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("HLS multivariant playlist of [start, end): codecs, resolution, bandwidth.");
        assets.MapGet("/{asset}/playlist.m3u8", PlaylistAsync).RequireAuthorization(CvrPolicies.Playback).Produces<string>(200, HlsContentType).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("HLS VOD media playlist of [start, end) with program date-times and discontinuities at gaps.");
        assets.MapGet("/{asset}/segments/{file}", SegmentFileAsync).RequireAuthorization(CvrPolicies.Playback).Produces(200, contentType: Mp4).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A recorded segment file (fragmented MP4), with Range requests.");
        assets.MapGet("/{asset}/segments/{file}/init.mp4", InitializationAsync).RequireAuthorization(CvrPolicies.Playback).Produces(200, contentType: Mp4).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A segment's initialization section (ftyp and moov).");
        assets.MapGet("/{asset}/segments/{file}/media.m4s", FragmentsAsync).RequireAuthorization(CvrPolicies.Playback).Produces(200, contentType: "video/iso.segment").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A segment's fragments [from, to), moved onto its run's timeline by offset.");
        return endpoints;
    }

    /// <summary>
    /// A playlist URL that works without a header (VLC, <c>&lt;video&gt;</c>, ffmpeg) for this asset and
    /// range, until it expires: the multivariant playlist, which names the codecs before any media is fetched.
    /// </summary>
    private static async Task<Results<Ok<PlaybackUrl>, ValidationProblem, Refusal>> PlaybackUrlAsync(
        string asset, string? start, string? end, HttpRequest request, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var (range, problem) = await SegmentRange.OfAsync(asset, start, end, catalog, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (PlaylistSpan.ProblemOf(start, end) is { } tooLong)
        {
            return tooLong;
        }

        var (token, expires) = tokens.Mint(new PlaybackScope(asset, range!.From, range.To));
        var query = new List<string>();
        if (start is not null)
        {
            query.Add($"start={Uri.EscapeDataString(RequestedRange.Iso(range.From))}");
        }

        if (end is not null)
        {
            query.Add($"end={Uri.EscapeDataString(RequestedRange.Iso(range.To))}");
        }

        query.Add($"{PlaybackTokens.QueryName}={token}");
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/api/assets/{Uri.EscapeDataString(asset)}/master.m3u8?{string.Join('&', query)}";
        return TypedResults.Ok(new PlaybackUrl(new Uri(url), expires));
    }

    private static async Task<Results<ContentHttpResult, Refusal>> MultivariantPlaylistAsync(string asset, string? start, string? end, HttpContext context, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var (range, token, problem) = await PlaybackRangeAsync(asset, start, end, context, catalog, tokens, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var query = new List<string>();
        if (range!.From != DateTimeOffset.MinValue)
        {
            query.Add($"start={Uri.EscapeDataString(RequestedRange.Iso(range.From))}");
        }

        if (range.To != DateTimeOffset.MaxValue)
        {
            query.Add($"end={Uri.EscapeDataString(RequestedRange.Iso(range.To))}");
        }

        query.Add($"{PlaybackTokens.QueryName}={Uri.EscapeDataString(token!)}");
        return TypedResults.Text(HlsMultivariantPlaylist.Build(range.Present, $"playlist.m3u8?{string.Join('&', query)}"), HlsContentType);
    }

    private static async Task<Results<ContentHttpResult, Refusal>> PlaylistAsync(
        string asset, string? start, string? end, HttpContext context, CatalogDatabase catalog, PlaybackTokens tokens, SegmentIndexes indexes, SegmentMediaSource media, CancellationToken ct)
    {
        var (range, token, problem) = await PlaybackRangeAsync(asset, start, end, context, catalog, tokens, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var trims = await TrimsAsync(range!, indexes, media, ct).ConfigureAwait(false);
        return TypedResults.Text(HlsPlaylist.Build(range!.Present, token!, trims), HlsContentType);
    }

    /// <summary>The first and last segments of the range, trimmed to the fragments within it where they reach past it.</summary>
    private static async Task<Dictionary<string, SegmentTrim>> TrimsAsync(SegmentRange range, SegmentIndexes indexes, SegmentMediaSource media, CancellationToken ct)
    {
        var trims = new Dictionary<string, SegmentTrim>(StringComparer.Ordinal);
        foreach (var segment in range.Present.Take(1).Concat(range.Present.TakeLast(1)).Distinct())
        {
            if (segment.Start >= range.From && segment.End <= range.To)
            {
                continue;
            }

            try
            {
                if (await indexes.OfAsync(segment, media, ct).ConfigureAwait(false) is { } index
                    && SegmentTrim.Of(segment, index, range.From, range.To) is { } trim)
                {
                    trims[segment.FileName] = trim;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // Trimming is a refinement: a segment whose media cannot be read now is listed whole, as before.
            }
        }

        return trims;
    }

    /// <summary>
    /// The segments a playlist covers and the token its URIs carry, so that a player given the playlist
    /// needs no header: the caller's own, or (for a viewer's key) one made for this asset and range. The
    /// range is the request's, else its playback token's, and at most <see cref="PlaylistSpan.Max"/>:
    /// a bound left open is taken that far from the other, or both from the asset's last media.
    /// </summary>
    private static async Task<(SegmentRange? Range, string? Token, Refusal? Problem)> PlaybackRangeAsync(
        string asset, string? start, string? end, HttpContext context, CatalogDatabase catalog, PlaybackTokens tokens, CancellationToken ct)
    {
        var scope = PlaybackAccess.ScopeOf(context.User);
        var (from, to, problem) = RequestedRange.Parse(
            start ?? (scope is null || scope.Start == DateTimeOffset.MinValue ? null : RequestedRange.Iso(scope.Start)),
            end ?? (scope is null || scope.End == DateTimeOffset.MaxValue ? null : RequestedRange.Iso(scope.End)));
        if ((problem ?? PlaylistSpan.ProblemOf(start, end)) is { } refused)
        {
            return (null, null, (Refusal)refused);
        }

        var open = from == DateTimeOffset.MinValue && to == DateTimeOffset.MaxValue;
        (from, to) = PlaylistSpan.Bound(from, to, open ? await catalog.LastMediaEndAsync(asset, ct).ConfigureAwait(false) : null);
        var (range, missing) = await SegmentRange.OfAsync(asset, from, to, catalog, ct).ConfigureAwait(false);
        if (missing is not null)
        {
            return (null, null, (Refusal)missing);
        }

        if (scope is not null && !scope.Covers(range!.From, range.To))
        {
            return (null, null, (Refusal)TypedResults.Forbid());
        }

        var token = context.Request.Query[PlaybackTokens.QueryName].ToString() is { Length: > 0 } presented && scope is not null
            ? presented
            : tokens.Mint(new PlaybackScope(asset, range!.From, range.To)).Token;
        return (range, token, null);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult, ForbidHttpResult>> SegmentFileAsync(
        string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, CancellationToken ct)
    {
        var (segment, stream, refusal) = await OpenAsync(asset, file, context, catalog, media, ct).ConfigureAwait(false);
        return refusal is not null ? refusal
            : stream is null ? SegmentNotFound(asset, file)
            : TypedResults.Stream(stream, Mp4, segment!.FileName, enableRangeProcessing: true);
    }

    private static Task<Indexed> InitializationAsync(string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, SegmentIndexes indexes, CancellationToken ct) =>
        ServeIndexedAsync(asset, file, context, catalog, media, indexes, async Task<Indexed> (Stream stream, Mp4SegmentIndex index) =>
        {
            var init = new byte[index.InitializationSize];
            stream.Position = 0;
            await stream.ReadExactlyAsync(init, ct).ConfigureAwait(false);
            return TypedResults.Bytes(init, Mp4);
        }, ct);

    /// <summary>
    /// The segment's fragments moved onto its run's timeline (<see cref="FragmentTimeShifter"/>): all of
    /// them, or those in [from, to) by their place in the segment (a trimmed playlist entry).
    /// </summary>
    private static async Task<Indexed> FragmentsAsync(
        string asset, string file, long? offset, int? from, int? to, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, SegmentIndexes indexes, CancellationToken ct)
    {
        if (offset is < 0)
        {
            return Problems.Invalid("offset", "offset must be a non-negative number of 100-ns ticks.");
        }

        if (from is < 0)
        {
            return Problems.Invalid("from", "from must be the place of a fragment in the segment, from 0.");
        }

        if (to <= (from ?? 0))
        {
            return Problems.Invalid("to", "to must be after from: one past the last fragment wanted.");
        }

        return await ServeIndexedAsync(asset, file, context, catalog, media, indexes, async Task<Indexed> (Stream stream, Mp4SegmentIndex index) =>
        {
            if (from >= index.Fragments.Count || to > index.Fragments.Count)
            {
                return Problems.Invalid(to > index.Fragments.Count ? "to" : "from", $"The segment has {index.Fragments.Count} fragments.");
            }

            var fragments = from is null && to is null ? Range.All : new Range(from ?? 0, to ?? index.Fragments.Count);
            context.Response.ContentType = "video/iso.segment";
            context.Response.ContentLength = FragmentTimeShifter.OutputLength(index, fragments);
            await FragmentTimeShifter.CopyShiftedAsync(stream, index, TimeSpan.FromTicks(offset ?? 0), fragments, context.Response.Body, ct).ConfigureAwait(false);
            return TypedResults.Empty;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the segment (or refuses, or answers 404) and hands its bytes and its kept fragment index
    /// (<see cref="SegmentIndexes"/>) to <paramref name="serve"/>: what init.mp4 and media.m4s share.
    /// </summary>
    private static async Task<Indexed> ServeIndexedAsync(
        string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, SegmentIndexes indexes,
        Func<Stream, Mp4SegmentIndex, Task<Indexed>> serve, CancellationToken ct)
    {
        var (segment, stream, refusal) = await OpenAsync(asset, file, context, catalog, media, ct).ConfigureAwait(false);
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
            return await serve(stream, await indexes.OfAsync(segment!, stream, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>The segment and its bytes; a refusal when the caller's playback token does not reach its time.</summary>
    private static async Task<(SegmentDescriptor? Segment, Stream? Stream, ForbidHttpResult? Refusal)> OpenAsync(string asset, string file, HttpContext context, CatalogDatabase catalog, SegmentMediaSource media, CancellationToken ct)
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

    private static ProblemHttpResult SegmentNotFound(string asset, string file) =>
        TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"Segment '{file}' of asset '{asset}' does not exist.");
}
