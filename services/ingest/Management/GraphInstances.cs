using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// Graph instances with LVA's semantics: set against an existing topology, validated by compiling them
/// into a recording plan, refused when they would share an asset or a cache folder with another
/// instance (<see cref="InstanceConflicts"/>), and neither changed nor deleted unless Inactive.
/// Activation and deactivation are <see cref="InstanceLifecycle"/>'s.
/// </summary>
public sealed class GraphInstances(GraphRepository graphs, GraphPlanner planner, InstanceConflicts conflicts, InstanceView views, GraphChangeLock changes)
{
    private const string Kind = "Graph instance";

    public async Task<ManagementResult> ListAsync(CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var instance in await graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(await views.ViewAsync(instance, cancellationToken).ConfigureAwait(false));
        }

        return ManagementResult.Ok(new JsonObject { ["value"] = list });
    }

    public async Task<ManagementResult> GetAsync(string? name, CancellationToken cancellationToken) =>
        ManagementError.ForName(name, Kind) is { } nameError ? nameError : await views.AnswerAsync(name!, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates (201) or replaces (200) an Inactive instance; what the caller says of its state or recording is ignored.</summary>
    public async Task<ManagementResult> SetAsync(string? name, JsonObject body, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } nameError)
        {
            return nameError;
        }

        body = Json.Named(body, name);
        body.Remove("systemData");
        if (body["properties"] is not JsonObject properties)
        {
            return ManagementError.Invalid("$.properties", "A graph instance needs a properties object with topologyName and parameters.");
        }

        properties.Remove("state");
        properties.Remove("recording");
        var topologyName = Json.Text(properties["topologyName"]);
        if (!GraphNames.IsValid(topologyName))
        {
            return ManagementError.Invalid("$.properties.topologyName", $"properties.topologyName must name a graph topology. {GraphNames.Rule}");
        }

        using var held = await changes.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await SaveAsync(name!, topologyName!, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an Inactive instance (200), or answers 204 when there is none.</summary>
    public async Task<ManagementResult> DeleteAsync(string? name, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } nameError)
        {
            return nameError;
        }

        using var held = await changes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var existing = await graphs.GetInstanceAsync(name!, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return ManagementResult.NoContent();
        }

        if (existing.State != GraphInstanceState.Inactive)
        {
            return ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is {existing.State}; deactivate it before deleting it.");
        }

        await graphs.DeleteInstanceAsync(name!, cancellationToken).ConfigureAwait(false);
        return ManagementResult.Ok(null);
    }

    /// <summary>Checks the instance against its topology and the other instances, then stores it Inactive; the caller holds the lock.</summary>
    private async Task<ManagementResult> SaveAsync(string name, string topologyName, JsonObject body, CancellationToken cancellationToken)
    {
        if (await graphs.GetTopologyAsync(topologyName, cancellationToken).ConfigureAwait(false) is not { } topology)
        {
            return ManagementError.Invalid("$.properties.topologyName", $"Graph topology '{topologyName}' does not exist; set it first.");
        }

        var existing = await graphs.GetInstanceAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is { State: not GraphInstanceState.Inactive })
        {
            return ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is {existing.State}; deactivate it before changing it.");
        }

        RecordingPlan plan;
        Dictionary<string, string> parameters;
        try
        {
            var properties = body["properties"]!.AsObject();
            ApiVersions.Check(body["@apiVersion"], "$.@apiVersion", required: false);
            CheckDescription(properties["description"]);
            parameters = InstanceParameters.Read(properties, topology.Body);
            plan = TopologyCompiler.Compile(topology.Body, name, parameters, planner.CacheRoot);
        }
        catch (GraphValidationException ex)
        {
            return ManagementError.ForValidation(ex, body);
        }

        var conflict = await conflicts.AssetNameErrorAsync(name, plan, cancellationToken).ConfigureAwait(false)
            ?? await conflicts.CachePathErrorAsync(name, plan, topology.Body, body, cancellationToken).ConfigureAwait(false);
        if (conflict is not null)
        {
            return conflict;
        }

        var instance = new GraphInstanceDocument(name, topologyName, parameters, GraphInstanceState.Inactive, body);
        await graphs.SaveInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        var view = await views.ViewAsync(instance, cancellationToken).ConfigureAwait(false);
        return existing is null ? ManagementResult.Created(view) : ManagementResult.Ok(view);
    }

    private static void CheckDescription(JsonNode? description)
    {
        if (description is not null && (Json.Text(description) is not { } text || text.Length > 2048))
        {
            throw new GraphValidationException("$.properties.description", "properties.description must be a string of at most 2048 characters.");
        }
    }
}
