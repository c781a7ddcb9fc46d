using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Contracts.Json;
using Cvr.Ingest.Recording;

namespace Cvr.Ingest.Management;

/// <summary>
/// A graph instance as the API shows it: the body as it was set with its secrets masked (which fields
/// are secret depends on its topology), its state, and what its recorder is doing.
/// </summary>
public sealed class InstanceView(GraphRepository graphs, RecordingSupervisor recorders)
{
    public async Task<JsonObject> ViewAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var topology = (await graphs.GetTopologyAsync(instance.TopologyName, cancellationToken).ConfigureAwait(false))?.Body;
        var view = SecretMasking.MaskInstance(instance.Body, topology);
        if (view["properties"] is JsonObject properties)
        {
            properties["state"] = instance.State.ToString();
            if (recorders.StatusOf(instance.Name) is { } status)
            {
                properties["recording"] = JsonSerializer.SerializeToNode(status, ContractJson.Options);
            }
        }

        return view;
    }

    /// <summary>The stored instance as an answer: its view, or 404.</summary>
    public async Task<ManagementResult> AnswerAsync(string name, CancellationToken cancellationToken) =>
        await graphs.GetInstanceAsync(name, cancellationToken).ConfigureAwait(false) is { } instance
            ? ManagementResult.Ok(await ViewAsync(instance, cancellationToken).ConfigureAwait(false))
            : NotFound(name);

    public static ManagementError NotFound(string name) => ManagementError.NotFound($"Graph instance '{name}' does not exist.");
}
