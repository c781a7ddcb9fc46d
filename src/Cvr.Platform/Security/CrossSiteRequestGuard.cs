using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cvr.Platform.Security;

/// <summary>
/// Refuses what a web page on another origin could make a browser send: a state-changing request
/// (anything but GET, HEAD, OPTIONS) from a foreign Origin (403), or with a body that is not JSON
/// (415: <c>text/plain</c> and form posts need no CORS preflight, JSON does).
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next, IOptionsMonitor<HttpOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (ForeignOrigin(request) is { } origin)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await AuthenticationProblem.WriteAsync(context, "Cross-origin request refused.", $"Requests that change state are not accepted from pages of {origin}.").ConfigureAwait(false);
            return;
        }

        if (!IsJsonOrEmpty(request))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await AuthenticationProblem.WriteAsync(context, "Content-Type must be application/json.", $"Content-Type '{request.ContentType}' is not accepted: send JSON as application/json.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private string? ForeignOrigin(HttpRequest request)
    {
        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0)
        {
            // Browsers send Origin on every cross-origin POST; a request without one came from a program.
            return string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase) ? "another site" : null;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                || options.CurrentValue.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))))
        {
            return null;
        }

        return origin;
    }

    private static bool IsJsonOrEmpty(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            return request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any();
        }

        return MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);
    }
}
