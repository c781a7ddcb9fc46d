using System.Text.Json.Nodes;
using Cvr.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>LVA-style management over REST: graph topologies and graph instances (<see cref="GraphTopologies"/>, <see cref="GraphInstances"/>, <see cref="InstanceLifecycle"/>).</summary>
public static class GraphApi
{
    public const long MaxBodyBytes = RequestBody.MaxBytes;

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder endpoints)
    {
        var topologies = endpoints.MapGroup("/api/graphTopologies").WithTags("Graph topologies").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        topologies.MapGet("/", (GraphTopologies graphs, CancellationToken ct) => Answer(graphs.ListAsync(ct)));
        topologies.MapGet("/{name}", (string name, GraphTopologies graphs, CancellationToken ct) => Answer(graphs.GetAsync(name, ct)));
        topologies.MapPut("/{name}", (string name, HttpRequest request, GraphTopologies graphs, CancellationToken ct) =>
            SetAsync(name, request, "graphTopologies", graphs.SetAsync, ct));
        topologies.MapDelete("/{name}", (string name, GraphTopologies graphs, CancellationToken ct) => Answer(graphs.DeleteAsync(name, ct)));

        var instances = endpoints.MapGroup("/api/graphInstances").WithTags("Graph instances").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        instances.MapGet("/", (GraphInstances graphs, CancellationToken ct) => Answer(graphs.ListAsync(ct))).RequireAuthorization(CvrPolicies.Viewer);
        instances.MapGet("/{name}", (string name, GraphInstances graphs, CancellationToken ct) => Answer(graphs.GetAsync(name, ct))).RequireAuthorization(CvrPolicies.Viewer);
        instances.MapPut("/{name}", (string name, HttpRequest request, GraphInstances graphs, CancellationToken ct) =>
            SetAsync(name, request, "graphInstances", graphs.SetAsync, ct));
        instances.MapDelete("/{name}", (string name, GraphInstances graphs, CancellationToken ct) => Answer(graphs.DeleteAsync(name, ct)));
        instances.MapPost("/{name}/activate", (string name, InstanceLifecycle lifecycle, CancellationToken ct) => Answer(lifecycle.ActivateAsync(name, ct)));
        instances.MapPost("/{name}/deactivate", (string name, InstanceLifecycle lifecycle, CancellationToken ct) => Answer(lifecycle.DeactivateAsync(name, ct)));
        return endpoints;
    }

    private static async Task<IResult> Answer(Task<ManagementResult> operation)
    {
        var result = await operation.ConfigureAwait(false);
        // REST deletes are idempotent: gone is gone, whether it was there or not.
        return result is { Succeeded: true, Status: 200, Payload: null } ? TypedResults.NoContent() : result.ToHttp();
    }

    private static async Task<IResult> SetAsync(
        string name,
        HttpRequest request,
        string collection,
        Func<string?, JsonObject, CancellationToken, Task<ManagementResult>> set,
        CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return ManagementHttp.Problem(error);
        }

        // The URL names the resource; a name in the body (an LVA file's own) gives way to it.
        var result = await set(name, body!, cancellationToken).ConfigureAwait(false);
        return result.ToHttp($"/api/{collection}/{name}");
    }
}
