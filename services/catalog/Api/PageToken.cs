using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Cvr.Catalog.Api;

/// <summary>
/// The <c>continuationToken</c> of a paged list: where the next page starts, opaque to clients (they
/// follow <c>@nextLink</c>), checked when it comes back.
/// </summary>
public static class PageToken
{
    public const string QueryName = "continuationToken";

    /// <summary>A token for a list in time order that continues at <paramref name="time"/>, after <paramref name="fileName"/> if given.</summary>
    public static string Format(DateTimeOffset time, string? fileName = null) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{time.UtcTicks.ToString(CultureInfo.InvariantCulture)}/{fileName}"));

    public static bool TryRead(string token, out DateTimeOffset time, out string? fileName)
    {
        ArgumentNullException.ThrowIfNull(token);
        time = default;
        fileName = null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !long.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        fileName = slash + 1 < text.Length ? text[(slash + 1)..] : null;
        return true;
    }

    /// <summary>The URL of the next page: this request's, with the token in place of any it had.</summary>
    public static Uri NextLink(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(q => !string.Equals(q.Key, QueryName, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"{QueryName}={token}");
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}");
    }
}
