using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Platform.Messaging;
using Cvr.Platform.State;
using Microsoft.AspNetCore.DataProtection;

namespace Cvr.Ingest.Management;

/// <summary>
/// Topologies and instances in the ingest's state store, their secrets sealed (<see cref="SecretSeal"/>,
/// chosen by <see cref="SecretFields"/>): an instance's secrets depend on its topology, so an instance is
/// sealed again whenever its topology changes. A state store cannot list its keys, so each kind keeps an
/// index entry, updated with ETag concurrency so that two writers never lose a name.
/// </summary>
public sealed class GraphRepository
{
    public const string AppId = "ingest";
    private const string TopologyIndex = "index:topologies";
    private const string InstanceIndex = "index:instances";
    private const int MaxConcurrencyRetries = 16;

    private readonly IStateStore _state;
    private readonly SecretSeal _seal;

    public GraphRepository(IStateStoreFactory stores, IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _state = stores.ForApp(AppId);
        _seal = new SecretSeal(protection);
    }

    public async Task<GraphTopologyDocument?> GetTopologyAsync(string name, CancellationToken cancellationToken) =>
        await ReadAsync<GraphTopologyDocument>(TopologyKey(name), cancellationToken).ConfigureAwait(false);

    public async Task<GraphInstanceDocument?> GetInstanceAsync(string name, CancellationToken cancellationToken) =>
        await ReadAsync<GraphInstanceDocument>(InstanceKey(name), cancellationToken).ConfigureAwait(false);

    /// <summary>Saves the topology, then seals its instances again: what it makes secret may have changed.</summary>
    public async Task SaveTopologyAsync(GraphTopologyDocument topology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        await _state.SaveAsync(TopologyKey(topology.Name), SealTopology(topology), cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(TopologyIndex, names => names.Add(topology.Name), cancellationToken).ConfigureAwait(false);
        foreach (var instance in (await ListInstancesAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.TopologyName == topology.Name))
        {
            await _state.SaveAsync(InstanceKey(instance.Name), SealInstance(instance, topology.Body), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SaveInstanceAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var topology = await GetTopologyAsync(instance.TopologyName, cancellationToken).ConfigureAwait(false);
        await _state.SaveAsync(InstanceKey(instance.Name), SealInstance(instance, topology?.Body), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Seals every document an older Cvr stored in plain text (topologies first: an instance's secrets
    /// depend on its topology), each only if nobody changed it meanwhile. Returns how many it sealed;
    /// then <see cref="ScrubAsync"/> drops the plain text the store's files may still hold.
    /// </summary>
    public async Task<int> SealPlainTextAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var name in await IndexAsync(TopologyIndex, cancellationToken).ConfigureAwait(false))
        {
            count += await SealIfPlainAsync<GraphTopologyDocument>(TopologyKey(name), (t, _) => ValueTask.FromResult(SealTopology(t)), cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in await IndexAsync(InstanceIndex, cancellationToken).ConfigureAwait(false))
        {
            count += await SealIfPlainAsync<GraphInstanceDocument>(InstanceKey(name), SealInstanceAsync, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Asks the state store to drop overwritten values from its files; false if it could not yet.</summary>
    public Task<bool> ScrubAsync(CancellationToken cancellationToken) => _state.ScrubAsync(cancellationToken);

    private async Task<int> SealIfPlainAsync<T>(string key, Func<T, CancellationToken, ValueTask<JsonObject>> seal, CancellationToken cancellationToken)
    {
        if (await _state.GetAsync<JsonObject>(key, cancellationToken).ConfigureAwait(false) is not { } entry || SecretSeal.IsSealed(entry.Value))
        {
            return 0;
        }

        var document = entry.Value.Deserialize<T>(EventJson.Options)!;
        // Lost to a concurrent writer: that writer sealed it.
        return await _state.TrySaveAsync(key, await seal(document, cancellationToken).ConfigureAwait(false), entry.ETag, cancellationToken).ConfigureAwait(false) ? 1 : 0;
    }

    private async ValueTask<JsonObject> SealInstanceAsync(GraphInstanceDocument instance, CancellationToken cancellationToken) =>
        SealInstance(instance, (await GetTopologyAsync(instance.TopologyName, cancellationToken).ConfigureAwait(false))?.Body);

    private JsonObject SealTopology(GraphTopologyDocument topology) =>
        _seal.Seal(ToJson(topology), SecretFields.InTopology(topology.Body).Select(f => "/body" + f.Pointer), TopologyKey(topology.Name));

    private JsonObject SealInstance(GraphInstanceDocument instance, JsonObject? topology)
    {
        var secret = SecretFields.Parameters(topology);
        var pointers = SecretFields.InInstance(instance.Body, topology).Select(f => "/body" + f.Pointer)
            .Concat(instance.Parameters.Where(p => SecretFields.IsSecret(p.Key, p.Value, secret)).Select(p => "/parameters/" + JsonPointer.Escape(p.Key)));
        return _seal.Seal(ToJson(instance), pointers, InstanceKey(instance.Name));
    }

    private async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        if (await _state.GetAsync<JsonObject>(key, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return null;
        }

        var document = SecretSeal.IsSealed(entry.Value) ? _seal.Unseal(entry.Value, key) : entry.Value;
        return document.Deserialize<T>(EventJson.Options);
    }

    private static JsonObject ToJson<T>(T document) => JsonSerializer.SerializeToNode(document, EventJson.Options)!.AsObject();

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
