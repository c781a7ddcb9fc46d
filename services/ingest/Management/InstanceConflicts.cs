using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// What two graph instances may not share: an asset (it would interleave two cameras in one timeline)
/// and a cache folder (two recorders, segmenters and uploaders would work one folder). Checked when an
/// instance is set against every other instance, and when it is activated against the active ones.
/// </summary>
public sealed class InstanceConflicts(GraphRepository graphs, GraphPlanner planner)
{
    /// <summary>
    /// Asset names are unique per store (and lower case: Azure container names), so Cam1 and cam1 would
    /// record into one asset.
    /// </summary>
    public async Task<ManagementError?> AssetNameErrorAsync(string name, RecordingPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var (other, otherPlan) in await OtherPlansAsync(name, activeOnly: false, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(otherPlan.Stream.AssetName, plan.Stream.AssetName, StringComparison.Ordinal))
            {
                return ManagementError.Invalid("$.name", $"Graph instance '{name}' would record into asset '{plan.Stream.AssetName}', which graph instance '{other.Name}' records into already; asset names are unique (and lower case), so give it another name or assetNamePattern.");
            }
        }

        return null;
    }

    /// <summary>
    /// A cache folder that overlaps another instance's, or that cannot be used; the error names where the
    /// path came from (the instance's parameter, or the topology's sink).
    /// </summary>
    public async Task<ManagementError?> CachePathErrorAsync(string name, RecordingPlan plan, JsonObject topology, JsonObject instanceBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var path = plan.Stream.CachePath;
        var (target, parameter) = CachePathSource(topology, instanceBody);
        foreach (var (other, otherPlan) in await OtherPlansAsync(name, activeOnly: false, cancellationToken).ConfigureAwait(false))
        {
            if (CachePathCheck.Overlaps(otherPlan.Stream.CachePath, path))
            {
                var hint = parameter is null ? $" (set by topology '{plan.Stream.TopologyName}'; make it a parameter, e.g. '.../${{System.GraphInstanceName}}')" : string.Empty;
                return ManagementError.Invalid(target, $"localMediaCachePath '{path}' is shared with graph instance '{other.Name}' ('{otherPlan.Stream.CachePath}'); each instance needs a cache folder of its own{hint}.");
            }
        }

        // Only a folder no other instance claims is created to see whether it can be written.
        return CachePathCheck.Unusable(path, planner.DataRoot) is { } reason ? ManagementError.Invalid(target, reason) : null;
    }

    /// <summary>The active (or activating, or deactivating) instance whose cache folder overlaps the plan's, if any.</summary>
    public async Task<string?> ActiveCachePathUserAsync(string name, RecordingPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var (other, otherPlan) in await OtherPlansAsync(name, activeOnly: true, cancellationToken).ConfigureAwait(false))
        {
            if (CachePathCheck.Overlaps(otherPlan.Stream.CachePath, plan.Stream.CachePath))
            {
                return other.Name;
            }
        }

        return null;
    }

    /// <summary>Where an instance's cache path comes from: its own parameter value, or the topology's sink.</summary>
    public static (string Target, string? Parameter) CachePathSource(JsonObject topology, JsonObject instanceBody)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(instanceBody);
        if (Json.Field(topology["properties"], "sinks") is JsonArray sinks)
        {
            for (var i = 0; i < sinks.Count; i++)
            {
                if (Json.Text(sinks[i]?[PropertyRules.CachePath]) is { } raw)
                {
                    foreach (var reference in ParameterText.References(raw, "$"))
                    {
                        if (InstanceParameters.PathOf(instanceBody, reference) is { } valuePath)
                        {
                            return (valuePath, reference);
                        }
                    }

                    return ($"$.properties.sinks[{i}].{PropertyRules.CachePath}", null);
                }
            }
        }

        return ("$.properties", null);
    }

    /// <summary>Every other instance that still compiles, with its plan.</summary>
    private async Task<List<(GraphInstanceDocument Instance, RecordingPlan Plan)>> OtherPlansAsync(string name, bool activeOnly, CancellationToken cancellationToken)
    {
        var plans = new List<(GraphInstanceDocument, RecordingPlan)>();
        foreach (var other in await graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (other.Name != name && (!activeOnly || other.State != GraphInstanceState.Inactive)
                && await planner.TryPlanAsync(other, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                plans.Add((other, plan));
            }
        }

        return plans;
    }
}
