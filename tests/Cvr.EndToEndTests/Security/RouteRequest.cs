using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Cvr.EndToEndTests.Security;

/// <summary>One method of one route, with its parameters filled in with harmless values.</summary>
public sealed record RouteRequest(string Method, string Pattern, string Path)
{
    public const string Asset = "some-asset";

    public static IEnumerable<RouteRequest> Of(RouteEndpoint endpoint, string asset = Asset)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var pattern = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => string.Empty,
        }))));
        var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart { Name: "asset" } => asset,
            RoutePatternParameterPart { Name: "file" } => "seg-000001.mp4",
            RoutePatternParameterPart { Name: "module" } => "app",
            RoutePatternParameterPart parameter => "sample-" + parameter.Name,
            _ => string.Empty,
        }))));
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
        return methods.Select(m => new RouteRequest(m, pattern.Length > 1 ? pattern.TrimEnd('/') : pattern, path));
    }

    public HttpRequestMessage ToMessage(string? query = null)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path.TrimStart('/') + (query ?? string.Empty), UriKind.Relative));
        if (Method is "POST" or "PUT" or "PATCH")
        {
            message.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return message;
    }

    public override string ToString() => $"{Method} {Pattern}";
}
