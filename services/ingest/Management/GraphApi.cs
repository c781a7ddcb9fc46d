using System.Text.Json.Nodes;
using Cvr.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>LVA-style management over REST: graph topologies and graph instances (see <see cref="GraphManagement"/>).</summary>
public static class GraphApi
{
    public const long MaxBodyBytes = RequestBody.MaxBytes;

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder endpoints)
    {
        var topologies = endpoints.MapGroup("/api/graphTopologies").WithTags("Graph topologies").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        topologies.MapGet("/", (GraphManagement graphs, CancellationToken ct) => Answer(graphs.ListTopologiesAsync(ct)));
        topologies.MapGet("/{name}", (string name, GraphManagement graphs, CancellationToken ct) => Answer(graphs.GetTopologyAsync(name, ct)));
        topologies.MapPut("/{name}", (string name, HttpRequest request, GraphManagement graphs, CancellationToken ct) =>
            SetAsync(name, request, "graphTopologies", graphs.SetTopologyAsync, ct));
        topologies.MapDelete("/{name}", (string name, GraphManagement graphs, CancellationToken ct) => Answer(graphs.DeleteTopologyAsync(name, ct)));

        var instances = endpoints.MapGroup("/api/graphInstances").WithTags("Graph instances").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        instances.MapGet("/", (GraphManagement graphs, CancellationToken ct) => Answer(graphs.ListInstancesAsync(ct))).RequireAuthorization(CvrPolicies.Viewer);
        instances.MapGet("/{name}", (string name, GraphManagement graphs, CancellationToken ct) => Answer(graphs.GetInstanceAsync(name, ct))).RequireAuthorization(CvrPolicies.Viewer);
        instances.MapPut("/{name}", (string name, HttpRequest request, GraphManagement graphs, CancellationToken ct) =>
            SetAsync(name, request, "graphInstances", graphs.SetInstanceAsync, ct));
        instances.MapDelete("/{name}", (string name, GraphManagement graphs, CancellationToken ct) => Answer(graphs.DeleteInstanceAsync(name, ct)));
        instances.MapPost("/{name}/activate", (string name, GraphManagement graphs, CancellationToken ct) => Answer(graphs.ActivateAsync(name, ct)));
        instances.MapPost("/{name}/deactivate", (string name, GraphManagement graphs, CancellationToken ct) => Answer(graphs.DeactivateAsync(name, ct)));
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
