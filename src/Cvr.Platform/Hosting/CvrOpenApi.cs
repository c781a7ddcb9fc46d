using Microsoft.AspNetCore.Authorization;
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
        Describe(document);
        return Task.CompletedTask;
    }).AddOperationTransformer((operation, context, _) =>
    {
        DescribeAccess(operation, context.Description.ActionDescriptor.EndpointMetadata);
        return Task.CompletedTask;
    }));

    private static void Describe(OpenApiDocument document)
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
    }

    /// <summary>An open operation needs no key; every other may answer 401, 403 and 429 (problem details).</summary>
    private static void DescribeAccess(OpenApiOperation operation, IList<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return;
        }

        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No key, or one this Cvr does not know (Authorization: Bearer KEY)." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The key's role (or the playback token) may not do this." });
        operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many requests: try again after Retry-After seconds." });
    }

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
