namespace Cvr.Catalog.Ui;

/// <summary>A small page to browse assets and play recorded ranges (hls.js), served from embedded files.</summary>
public static class UiEndpoints
{
    public static IEndpointRouteBuilder MapCatalogUi(this IEndpointRouteBuilder endpoints)
    {
        // The page and its script are open: they hold no data. The page asks for a key and keeps it in the
        // browser session; every request it makes for data carries the key (or a playback token).
        endpoints.MapGet("/", () => Embedded("index.html", "text/html; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet("/ui/hls.min.js", () => Embedded("hls.min.js", "text/javascript")).ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    private static IResult Embedded(string name, string contentType)
    {
        var stream = typeof(UiEndpoints).Assembly.GetManifestResourceStream($"Cvr.Catalog.Ui.{name}");
        return stream is null
            ? TypedResults.Problem(statusCode: 404, title: "Not found.", detail: $"{name} is not built in; run scripts/install.sh and rebuild.")
            : TypedResults.Stream(stream, contentType);
    }
}
