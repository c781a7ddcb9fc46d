using System.Globalization;
using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// Graph topologies with LVA's semantics: validated when set, shown with their secrets masked, and
/// neither changed under an instance that is not Inactive (or that the change would break) nor deleted
/// while an instance uses them.
/// </summary>
public sealed class GraphTopologies(GraphRepository graphs, GraphPlanner planner, GraphChangeLock changes, TimeProvider time)
{
    private const string Kind = "Graph topology";

    public async Task<ManagementResult> ListAsync(CancellationToken cancellationToken)
    {
        var list = await graphs.ListTopologiesAsync(cancellationToken).ConfigureAwait(false);
        return ManagementResult.Ok(new JsonObject { ["value"] = new JsonArray([.. list.Select(t => (JsonNode)SecretMasking.MaskTopology(t.Body))]) });
    }

    public async Task<ManagementResult> GetAsync(string? name, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } error)
        {
            return error;
        }

        return await graphs.GetTopologyAsync(name!, cancellationToken).ConfigureAwait(false) is { } topology
            ? ManagementResult.Ok(SecretMasking.MaskTopology(topology.Body))
            : ManagementError.NotFound($"Graph topology '{name}' does not exist.");
    }

    /// <summary>Creates (201) or replaces (200) the topology; <c>systemData</c> keeps when it was first created.</summary>
    public async Task<ManagementResult> SetAsync(string? name, JsonObject body, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } nameError)
        {
            return nameError;
        }

        body = Json.Named(body, name);
        try
        {
            TopologyValidator.Validate(body);
        }
        catch (GraphValidationException ex)
        {
            return ManagementError.ForValidation(ex, null);
        }

        using var held = await changes.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (await UsersErrorAsync(name!, body, cancellationToken).ConfigureAwait(false) is { } conflict)
        {
            return conflict;
        }

        var existing = await graphs.GetTopologyAsync(name!, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        body["systemData"] = new JsonObject
        {
            ["createdAt"] = Json.Field(existing?.Body["systemData"], "createdAt")?.DeepClone() ?? now,
            ["lastModifiedAt"] = now,
        };
        await graphs.SaveTopologyAsync(new GraphTopologyDocument(name!, body), cancellationToken).ConfigureAwait(false);
        var view = SecretMasking.MaskTopology(body);
        return existing is null ? ManagementResult.Created(view) : ManagementResult.Ok(view);
    }

    /// <summary>Deletes the topology (200), or answers 204 when there is none; 409 while an instance uses it.</summary>
    public async Task<ManagementResult> DeleteAsync(string? name, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } nameError)
        {
            return nameError;
        }

        using var held = await changes.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (await graphs.GetTopologyAsync(name!, cancellationToken).ConfigureAwait(false) is null)
        {
            return ManagementResult.NoContent();
        }

        var users = (await graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.TopologyName == name).Select(i => i.Name).ToList();
        if (users.Count > 0)
        {
            return ManagementError.Conflict("GraphTopologyInUse", $"Graph topology '{name}' is used by graph instance(s) {string.Join(", ", users)}; delete them first.");
        }

        await graphs.DeleteTopologyAsync(name!, cancellationToken).ConfigureAwait(false);
        return ManagementResult.Ok(null);
    }

    /// <summary>
    /// Why the topology may not replace the one its instances run now: one of them is not Inactive, or
    /// would no longer compile with it.
    /// </summary>
    private async Task<ManagementError?> UsersErrorAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        foreach (var user in (await graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.TopologyName == name))
        {
            if (user.State != GraphInstanceState.Inactive)
            {
                return ManagementError.Conflict("OperationNotAllowedInState", $"Graph topology '{name}' is used by graph instance '{user.Name}', which is {user.State}; deactivate it before changing the topology.");
            }

            try
            {
                TopologyCompiler.Compile(body, user.Name, user.Parameters, planner.CacheRoot);
            }
            catch (GraphValidationException ex)
            {
                return ManagementError.Conflict("ResourceValidationError", $"Graph instance '{user.Name}' would no longer be valid with this topology: {ex.Message} ({ex.Field})");
            }
        }

        return null;
    }
}
