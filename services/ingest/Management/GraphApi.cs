using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.Ingest.Recording;
using Cvr.Platform.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Cvr.Platform.Hosting;

namespace Cvr.Ingest.Management;

/// <summary>LVA-style management over HTTP: graph topologies and graph instances.</summary>
public static class GraphApi
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder endpoints)
    {
        // A topology or instance is a few kilobytes; anything near a megabyte is not one.
        var topologies = endpoints.MapGroup("/api/graphTopologies").WithTags("Graph topologies").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        topologies.MapGet("/", ListTopologiesAsync);
        topologies.MapGet("/{name}", GetTopologyAsync);
        topologies.MapPut("/{name}", SetTopologyAsync);
        topologies.MapDelete("/{name}", DeleteTopologyAsync);

        var instances = endpoints.MapGroup("/api/graphInstances").WithTags("Graph instances").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        instances.MapGet("/", ListInstancesAsync);
        instances.MapGet("/{name}", GetInstanceAsync);
        instances.MapPut("/{name}", SetInstanceAsync);
        instances.MapDelete("/{name}", DeleteInstanceAsync);
        instances.MapPost("/{name}/activate", ActivateAsync);
        instances.MapPost("/{name}/deactivate", DeactivateAsync);
        return endpoints;
    }

    private static async Task<Ok<JsonObject>> ListTopologiesAsync(GraphRepository graphs, CancellationToken ct)
    {
        var list = await graphs.ListTopologiesAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(new JsonObject { ["value"] = new JsonArray([.. list.Select(t => (JsonNode)t.Body.DeepClone())]) });
    }

    private static async Task<Results<Ok<JsonObject>, NotFound<ProblemDetailsBody>>> GetTopologyAsync(string name, GraphRepository graphs, CancellationToken ct) =>
        await graphs.GetTopologyAsync(name, ct).ConfigureAwait(false) is { } topology
            ? TypedResults.Ok(topology.Body)
            : TypedResults.NotFound(ProblemDetailsBody.NotFound($"Graph topology '{name}' does not exist."));

    private static async Task<IResult> SetTopologyAsync(string name, HttpRequest request, GraphRepository graphs, CancellationToken ct)
    {
        var (body, problem) = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!GraphNames.IsValid(name))
        {
            return Problems.Invalid("name", GraphNames.Rule);
        }

        body!["name"] = name;
        try
        {
            TopologyCompiler.CheckTopology(body);
        }
        catch (GraphValidationException ex)
        {
            return Problems.Invalid(ex.Field, ex.Message);
        }

        var existed = await graphs.GetTopologyAsync(name, ct).ConfigureAwait(false) is not null;
        await graphs.SaveTopologyAsync(new GraphTopologyDocument(name, body), ct).ConfigureAwait(false);
        return existed ? TypedResults.Ok(body) : TypedResults.Created($"/api/graphTopologies/{name}", body);
    }

    private static async Task<IResult> DeleteTopologyAsync(string name, GraphRepository graphs, CancellationToken ct)
    {
        var users = (await graphs.ListInstancesAsync(ct).ConfigureAwait(false)).Where(i => i.TopologyName == name).Select(i => i.Name).ToList();
        if (users.Count > 0)
        {
            return TypedResults.Conflict(ProblemDetailsBody.Conflict($"Graph topology '{name}' is used by graph instance(s) {string.Join(", ", users)}."));
        }

        await graphs.DeleteTopologyAsync(name, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<JsonObject>> ListInstancesAsync(GraphRepository graphs, RecordingSupervisor supervisor, CancellationToken ct)
    {
        var list = new JsonArray();
        foreach (var instance in await graphs.ListInstancesAsync(ct).ConfigureAwait(false))
        {
            list.Add(await ViewAsync(instance, graphs, supervisor, ct).ConfigureAwait(false));
        }

        return TypedResults.Ok(new JsonObject { ["value"] = list });
    }

    private static async Task<IResult> GetInstanceAsync(string name, GraphRepository graphs, RecordingSupervisor supervisor, CancellationToken ct) =>
        await graphs.GetInstanceAsync(name, ct).ConfigureAwait(false) is { } instance
            ? TypedResults.Ok(await ViewAsync(instance, graphs, supervisor, ct).ConfigureAwait(false))
            : TypedResults.NotFound(ProblemDetailsBody.NotFound($"Graph instance '{name}' does not exist."));

    private static async Task<IResult> SetInstanceAsync(string name, HttpRequest request, GraphRepository graphs, RecordingSupervisor supervisor, CancellationToken ct)
    {
        var (body, problem) = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!GraphNames.IsValid(name))
        {
            return Problems.Invalid("name", GraphNames.Rule);
        }

        if (body!["properties"] is not JsonObject properties || properties["topologyName"] is not JsonValue topologyValue
            || !topologyValue.TryGetValue<string>(out var topologyName))
        {
            return Problems.Invalid("$.properties.topologyName", "A graph instance needs properties.topologyName.");
        }

        if (await graphs.GetTopologyAsync(topologyName, ct).ConfigureAwait(false) is null)
        {
            return Problems.Invalid("$.properties.topologyName", $"Graph topology '{topologyName}' does not exist.");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties["parameters"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i]?["name"] is not JsonValue n || !n.TryGetValue<string>(out var parameterName) || list[i]?["value"] is not JsonValue v)
                {
                    return Problems.Invalid($"$.properties.parameters[{i}]", "Each parameter needs a string name and a value.");
                }

                parameters[parameterName] = v.ToString();
            }
        }

        var existing = await graphs.GetInstanceAsync(name, ct).ConfigureAwait(false);
        if (existing is { State: not GraphInstanceState.Inactive })
        {
            return TypedResults.Conflict(ProblemDetailsBody.Conflict($"Graph instance '{name}' is {existing.State}; deactivate it before changing it."));
        }

        body["name"] = name;
        var instance = new GraphInstanceDocument(name, topologyName, parameters, GraphInstanceState.Inactive, body);
        await graphs.SaveInstanceAsync(instance, ct).ConfigureAwait(false);
        var view = await ViewAsync(instance, graphs, supervisor, ct).ConfigureAwait(false);
        return existing is null ? TypedResults.Created($"/api/graphInstances/{name}", view) : TypedResults.Ok(view);
    }

    private static async Task<IResult> DeleteInstanceAsync(string name, GraphRepository graphs, CancellationToken ct)
    {
        var existing = await graphs.GetInstanceAsync(name, ct).ConfigureAwait(false);
        if (existing is { State: not GraphInstanceState.Inactive })
        {
            return TypedResults.Conflict(ProblemDetailsBody.Conflict($"Graph instance '{name}' is {existing.State}; deactivate it before deleting it."));
        }

        await graphs.DeleteInstanceAsync(name, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ActivateAsync(string name, GraphRepository graphs, GraphPlanner planner, RecordingSupervisor supervisor, CancellationToken ct)
    {
        if (await graphs.GetInstanceAsync(name, ct).ConfigureAwait(false) is not { } instance)
        {
            return TypedResults.NotFound(ProblemDetailsBody.NotFound($"Graph instance '{name}' does not exist."));
        }

        RecordingPlan plan;
        try
        {
            plan = await planner.PlanAsync(instance, ct).ConfigureAwait(false);
        }
        catch (GraphValidationException ex)
        {
            return Problems.Invalid(ex.Field, ex.Message);
        }

        foreach (var other in await graphs.ListInstancesAsync(ct).ConfigureAwait(false))
        {
            if (other.Name != name && other.State != GraphInstanceState.Inactive
                && (await planner.PlanAsync(other, ct).ConfigureAwait(false)).Stream.CachePath == plan.Stream.CachePath)
            {
                return TypedResults.Conflict(ProblemDetailsBody.Conflict($"localMediaCachePath '{plan.Stream.CachePath}' is already used by active graph instance '{other.Name}'."));
            }
        }

        await graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Active }, ct).ConfigureAwait(false);
        await supervisor.StartRecorderAsync(plan, ct).ConfigureAwait(false);
        return TypedResults.Ok(await ViewAsync(instance with { State = GraphInstanceState.Active }, graphs, supervisor, ct).ConfigureAwait(false));
    }

    private static async Task<IResult> DeactivateAsync(string name, GraphRepository graphs, RecordingSupervisor supervisor, IEventPublisher publisher, TimeProvider time, CancellationToken ct)
    {
        if (await graphs.GetInstanceAsync(name, ct).ConfigureAwait(false) is not { } instance)
        {
            return TypedResults.NotFound(ProblemDetailsBody.NotFound($"Graph instance '{name}' does not exist."));
        }

        await supervisor.StopRecorderAsync(name).ConfigureAwait(false);
        await graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Inactive }, ct).ConfigureAwait(false);
        await publisher.PublishAsync(new GraphInstanceDeactivated(name, time.GetUtcNow()), ct).ConfigureAwait(false);
        return TypedResults.Ok(await ViewAsync(instance with { State = GraphInstanceState.Inactive }, graphs, supervisor, ct).ConfigureAwait(false));
    }

    private static async Task<JsonObject> ViewAsync(GraphInstanceDocument instance, GraphRepository graphs, RecordingSupervisor supervisor, CancellationToken ct)
    {
        var topology = (await graphs.GetTopologyAsync(instance.TopologyName, ct).ConfigureAwait(false))?.Body;
        var view = SecretMasking.MaskInstance(instance.Body, topology);
        if (view["properties"] is JsonObject properties)
        {
            properties["state"] = instance.State.ToString();
            if (supervisor.StatusOf(instance.Name) is { } status)
            {
                properties["recording"] = JsonSerializer.SerializeToNode(status, ContractJson.Options);
            }
        }

        return view;
    }

    private static async Task<(JsonObject? Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct).ConfigureAwait(false);
            return node is JsonObject body ? (body, null) : (null, Problems.Invalid("$", "The request body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid("$", $"The request body is not valid JSON: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TypedResults.Problem(statusCode: 413, title: "The request body is too large.", detail: $"At most {MaxBodyBytes} bytes."));
        }
    }

}
