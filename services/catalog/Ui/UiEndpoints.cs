namespace Cvr.Catalog.Ui;

/// <summary>A small page to browse assets and play recorded ranges (hls.js), served from embedded files.</summary>
public static class UiEndpoints
{
    public static IEndpointRouteBuilder MapCatalogUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Embedded("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet("/ui/hls.min.js", () => Embedded("hls.min.js", "text/javascript")).ExcludeFromDescription();
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
