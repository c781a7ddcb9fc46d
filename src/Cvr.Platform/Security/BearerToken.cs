using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Cvr.Platform.Security;

/// <summary>The credential of an <c>Authorization: Bearer …</c> header.</summary>
public static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && header.Length > Prefix.Length
            ? header[Prefix.Length..].Trim()
            : null;
    }

    /// <summary>Three base64url parts separated by dots: a JWT, never one of Cvr's keys.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}
