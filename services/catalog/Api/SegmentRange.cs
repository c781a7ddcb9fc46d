using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cvr.Catalog.Api;

/// <summary>An asset's segments that overlap [From, To), evicted ones included, in time order.</summary>
internal sealed record SegmentRange(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CatalogSegment> All)
{
    /// <summary>The segments whose media is still somewhere.</summary>
    public IReadOnlyList<SegmentDescriptor> Present { get; } = [.. All.Where(s => !s.Evicted).Select(s => s.Segment)];

    /// <summary>The asset's segments in [start, end), or the problem with the request.</summary>
    public static async Task<(SegmentRange? Range, Refusal? Problem)> OfAsync(string asset, string? start, string? end, CatalogDatabase catalog, CancellationToken ct)
    {
        var (from, to, problem) = RequestedRange.Parse(start, end);
        if (problem is not null)
        {
            return (null, problem);
        }

        var (range, missing) = await OfAsync(asset, from, to, catalog, ct).ConfigureAwait(false);
        return missing is null ? (range, null) : (range, (Refusal)missing);
    }

    /// <summary>The asset's segments in [from, to), or its 404.</summary>
    public static async Task<(SegmentRange? Range, ProblemHttpResult? Problem)> OfAsync(string asset, DateTimeOffset from, DateTimeOffset to, CatalogDatabase catalog, CancellationToken ct)
    {
        if (!await catalog.AssetExistsAsync(asset, ct).ConfigureAwait(false))
        {
            return (null, AssetNotFound(asset));
        }

        return (new SegmentRange(from, to, await catalog.SegmentsAsync(asset, from, to, includeEvicted: true, ct).ConfigureAwait(false)), null);
    }

    public static ProblemHttpResult AssetNotFound(string asset) =>
        TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"Asset '{asset}' does not exist.");
}
