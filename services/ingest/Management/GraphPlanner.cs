using Cvr.Ingest.Recording;
using Cvr.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace Cvr.Ingest.Management;

/// <summary>Compiles a stored instance against its stored topology into a recording plan.</summary>
public sealed class GraphPlanner(GraphRepository graphs, IOptions<CvrOptions> options, IOptions<IngestOptions> ingest)
{
    /// <summary>Cvr's data folder (databases, key ring).</summary>
    public string DataRoot => options.Value.DataPath;

    /// <summary>The folder every localMediaCachePath must lie under, and relative ones are taken under.</summary>
    public string CacheRoot => ingest.Value.CacheRootIn(DataRoot);

    public async Task<RecordingPlan> PlanAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var topology = await graphs.GetTopologyAsync(instance.TopologyName, cancellationToken).ConfigureAwait(false)
            ?? throw new GraphValidationException("$.properties.topologyName", $"Graph topology '{instance.TopologyName}' does not exist.");
        return TopologyCompiler.Compile(topology.Body, instance.Name, instance.Parameters, CacheRoot);
    }

    /// <summary>The instance's plan, or null when it no longer compiles (say, its topology is gone).</summary>
    public async Task<RecordingPlan?> TryPlanAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        try
        {
            return await PlanAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphValidationException)
        {
            return null;
        }
    }
}
