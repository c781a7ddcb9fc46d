using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cvr.Catalog.Ui;

/// <summary>
/// The timeline page and its scripts (TypeScript compiled by scripts/install.sh into Ui/dist) and hls.js,
/// served from embedded files: no CDN, nothing fetched from elsewhere at run time.
/// </summary>
public static partial class UiEndpoints
{
    public static IEndpointRouteBuilder MapCatalogUi(this IEndpointRouteBuilder endpoints)
    {
        // The page and its scripts are open: they hold no data. The page asks for a key and keeps it in the
        // browser session; every request it makes for data carries the key (or a playback token).
        endpoints.MapGet("/", () => Embedded("index.html", "text/html; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet("/ui/hls.min.js", () => Embedded("hls.min.js", "text/javascript")).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet("/ui/timeline.css", () => Embedded("timeline.css", "text/css; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet("/ui/{module}.js", (string module) => ModuleName().IsMatch(module)
                ? Embedded($"dist.{module}.js", "text/javascript; charset=utf-8")
                : (Results<FileStreamHttpResult, ProblemHttpResult>)NotBuilt($"{module}.js"))
            .ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    private static Results<FileStreamHttpResult, ProblemHttpResult> Embedded(string name, string contentType)
    {
        var stream = typeof(UiEndpoints).Assembly.GetManifestResourceStream($"Cvr.Catalog.Ui.{name}");
        return stream is null ? NotBuilt(name) : TypedResults.Stream(stream, contentType);
    }

    private static ProblemHttpResult NotBuilt(string name) =>
        TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"{name} is not built in; run scripts/install.sh (it compiles the UI's TypeScript into services/catalog/Ui/dist) and rebuild.");

    [GeneratedRegex("^[a-z][a-z-]{0,40}$")]
    private static partial Regex ModuleName();
}
