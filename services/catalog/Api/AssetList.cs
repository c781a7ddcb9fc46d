using System.Text.Json.Serialization;

namespace Cvr.Catalog.Api;

/// <summary>GET /api/assets: in name order, at most <see cref="PageSize"/> a page, the rest behind <see cref="NextLink"/>.</summary>
public sealed record AssetList(IReadOnlyList<AssetView> Value)
{
    public const int PageSize = 1000;

    /// <summary>Where the next page is (Azure's <c>@nextLink</c>), if there is more.</summary>
    [JsonPropertyName("@nextLink")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? NextLink { get; init; }
}
