using System.Text.Json.Nodes;
using Cvr.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>LVA-style management over REST: graph topologies and graph instances (<see cref="GraphTopologies"/>, <see cref="GraphInstances"/>, <see cref="InstanceLifecycle"/>).</summary>
public static class GraphApi
{
    public const long MaxBodyBytes = RequestBody.MaxBytes;

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder endpoints)
    {
        var topologies = Described(endpoints.MapGroup("/api/graphTopologies").WithTags("Graph topologies"));
        topologies.MapGet("/", (GraphTopologies graphs, CancellationToken ct) => Answer(graphs.ListAsync(ct))).WithSummary("The graph topologies, in name order.");
        topologies.MapGet("/{name}", (string name, GraphTopologies graphs, CancellationToken ct) => Answer(graphs.GetAsync(name, ct))).WithSummary("A graph topology.");
        topologies.MapPut("/{name}", (string name, HttpRequest request, GraphTopologies graphs, CancellationToken ct) =>
            SetAsync(name, request, "graphTopologies", graphs.SetAsync, ct)).Accepts<JsonObject>("application/json").WithSummary("Creates or updates an LVA graph topology (JSON as LVA had it).");
        topologies.MapDelete("/{name}", (string name, GraphTopologies graphs, CancellationToken ct) => Answer(graphs.DeleteAsync(name, ct))).WithSummary("Deletes a graph topology no instance uses.");

        var instances = Described(endpoints.MapGroup("/api/graphInstances").WithTags("Graph instances"));
        instances.MapGet("/", (GraphInstances graphs, CancellationToken ct) => Answer(graphs.ListAsync(ct))).RequireAuthorization(CvrPolicies.Viewer)
            .WithSummary("The graph instances with their state and recorder status, secrets masked.");
        instances.MapGet("/{name}", (string name, GraphInstances graphs, CancellationToken ct) => Answer(graphs.GetAsync(name, ct))).RequireAuthorization(CvrPolicies.Viewer)
            .WithSummary("A graph instance, secrets masked.");
        instances.MapPut("/{name}", (string name, HttpRequest request, GraphInstances graphs, CancellationToken ct) =>
            SetAsync(name, request, "graphInstances", graphs.SetAsync, ct)).Accepts<JsonObject>("application/json").WithSummary("Creates or updates an LVA graph instance of a topology, with its parameters.");
        instances.MapDelete("/{name}", (string name, GraphInstances graphs, CancellationToken ct) => Answer(graphs.DeleteAsync(name, ct))).WithSummary("Deletes an inactive graph instance.");
        instances.MapPost("/{name}/activate", (string name, InstanceLifecycle lifecycle, CancellationToken ct) => Answer(lifecycle.ActivateAsync(name, ct))).WithSummary("Starts recording a graph instance.");
        instances.MapPost("/{name}/deactivate", (string name, InstanceLifecycle lifecycle, CancellationToken ct) => Answer(lifecycle.DeactivateAsync(name, ct)))
            .WithSummary("Stops recording a graph instance; answers once its cache is flushed.");
        return endpoints;
    }

    /// <summary>What every management route shares: the body limit, LVA's JSON (resources as LVA shaped them), 404, 409 and 413.</summary>
    private static RouteGroupBuilder Described(RouteGroupBuilder group) => group.WithMetadata(
        new RequestSizeLimitAttribute(MaxBodyBytes),
        new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JsonObject), ["application/json"]),
        Problem(StatusCodes.Status404NotFound),
        Problem(StatusCodes.Status409Conflict),
        Problem(StatusCodes.Status413PayloadTooLarge));

    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);

    private static async Task<Results<Created<JsonNode>, JsonHttpResult<JsonNode>, NoContent, ValidationProblem, ProblemHttpResult>> Answer(Task<ManagementResult> operation)
    {
        var result = await operation.ConfigureAwait(false);
        // REST deletes are idempotent: gone is gone, whether it was there or not.
        return result is { Succeeded: true, Status: 200, Payload: null } ? TypedResults.NoContent() : result.ToHttp();
    }

    private static async Task<Results<Created<JsonNode>, JsonHttpResult<JsonNode>, NoContent, ValidationProblem, ProblemHttpResult>> SetAsync(
        string name,
        HttpRequest request,
        string collection,
        Func<string?, JsonObject, CancellationToken, Task<ManagementResult>> set,
        CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return ManagementHttp.IsInvalid(error) ? ManagementHttp.Invalid(error) : ManagementHttp.Refused(error);
        }

        // The URL names the resource; a name in the body (an LVA file's own) gives way to it.
        var result = await set(name, body!, cancellationToken).ConfigureAwait(false);
        return result.ToHttp($"/api/{collection}/{name}");
    }
}
