using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Cvr.Platform.Hosting;

/// <summary>
/// The OpenAPI description of a Cvr host's HTTP API (Microsoft.AspNetCore.OpenApi), at
/// <see cref="DocumentPath"/>, and in the single process a page to browse it (Scalar) at <see cref="BrowsePath"/>.
/// Both are open, as the UI's page is: they describe the API and hold no data; every call they
/// describe still needs its key.
/// </summary>
public static class CvrOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string BrowsePath = "/scalar";

    public const string BearerScheme = "bearer";

    public static IServiceCollection AddCvrOpenApi(this IServiceCollection services) => services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
    {
        document.Info = new OpenApiInfo
        {
            Title = "Cvr",
            Version = "v1",
            Description = "Continuous video recording: LVA graph topologies and instances, recorded assets, playback, clips and exports. "
                + "Every call but /health and /alive needs Authorization: Bearer KEY (an operator or viewer key, or a JWT).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An operator or viewer key (cvr keys show), or a JWT when Cvr:Jwt is configured.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        return Task.CompletedTask;
    }));

    /// <summary>Maps the document, and the page to browse it when <paramref name="browsable"/>.</summary>
    public static IEndpointRouteBuilder MapCvrOpenApi(this IEndpointRouteBuilder endpoints, bool browsable)
    {
        endpoints.MapOpenApi(DocumentPath).AllowAnonymous();
        if (browsable)
        {
            endpoints.MapScalarApiReference(BrowsePath, o => o.WithOpenApiRoutePattern(DocumentPath).WithTitle("Cvr API")).AllowAnonymous();
        }

        return endpoints;
    }
}
