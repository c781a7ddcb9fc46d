using Cvr.Platform.State;

namespace Cvr.Ingest.Management;

/// <summary>
/// Topologies and instances in the ingest's state store. A state store cannot list its keys, so each
/// kind keeps an index entry, updated with ETag concurrency so that two writers never lose a name.
/// </summary>
public sealed class GraphRepository
{
    public const string AppId = "ingest";
    private const string TopologyIndex = "index:topologies";
    private const string InstanceIndex = "index:instances";
    private const int MaxConcurrencyRetries = 16;

    private readonly IStateStore _state;

    public GraphRepository(IStateStoreFactory stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _state = stores.ForApp(AppId);
    }

    public async Task<GraphTopologyDocument?> GetTopologyAsync(string name, CancellationToken cancellationToken) =>
        (await _state.GetAsync<GraphTopologyDocument>(TopologyKey(name), cancellationToken).ConfigureAwait(false))?.Value;

    public async Task<GraphInstanceDocument?> GetInstanceAsync(string name, CancellationToken cancellationToken) =>
        (await _state.GetAsync<GraphInstanceDocument>(InstanceKey(name), cancellationToken).ConfigureAwait(false))?.Value;

    public async Task SaveTopologyAsync(GraphTopologyDocument topology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        await _state.SaveAsync(TopologyKey(topology.Name), topology, cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(TopologyIndex, names => names.Add(topology.Name), cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveInstanceAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await _state.SaveAsync(InstanceKey(instance.Name), instance, cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(InstanceIndex, names => names.Add(instance.Name), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteTopologyAsync(string name, CancellationToken cancellationToken)
    {
        await _state.DeleteAsync(TopologyKey(name), cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(TopologyIndex, names => names.Remove(name), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteInstanceAsync(string name, CancellationToken cancellationToken)
    {
        await _state.DeleteAsync(InstanceKey(name), cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(InstanceIndex, names => names.Remove(name), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphTopologyDocument>> ListTopologiesAsync(CancellationToken cancellationToken)
    {
        var result = new List<GraphTopologyDocument>();
        foreach (var name in await IndexAsync(TopologyIndex, cancellationToken).ConfigureAwait(false))
        {
            if (await GetTopologyAsync(name, cancellationToken).ConfigureAwait(false) is { } topology)
            {
                result.Add(topology);
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<GraphInstanceDocument>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        var result = new List<GraphInstanceDocument>();
        foreach (var name in await IndexAsync(InstanceIndex, cancellationToken).ConfigureAwait(false))
        {
            if (await GetInstanceAsync(name, cancellationToken).ConfigureAwait(false) is { } instance)
            {
                result.Add(instance);
            }
        }

        return result;
    }

    private async Task<SortedSet<string>> IndexAsync(string key, CancellationToken cancellationToken) =>
        new((await _state.GetAsync<List<string>>(key, cancellationToken).ConfigureAwait(false))?.Value ?? [], StringComparer.Ordinal);

    private async Task UpdateIndexAsync(string key, Func<SortedSet<string>, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var entry = await _state.GetAsync<List<string>>(key, cancellationToken).ConfigureAwait(false);
            var names = new SortedSet<string>(entry?.Value ?? [], StringComparer.Ordinal);
            if (!change(names))
            {
                return;
            }

            if (entry is null)
            {
                if (await _state.TryCreateAsync(key, names.ToList(), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue; // another writer created the index first: merge into theirs
            }

            if (await _state.TrySaveAsync(key, names.ToList(), entry.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The index '{key}' kept changing under concurrent writers.");
    }

    private static string TopologyKey(string name) => $"topology:{name}";

    private static string InstanceKey(string name) => $"instance:{name}";
}
