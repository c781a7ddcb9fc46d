using Cvr.Contracts.Events;
using Cvr.Platform.State;

namespace Cvr.Platform.Streams;

/// <summary>
/// A service's own durable list of the streams it has been told about (by GraphInstanceActivated),
/// kept in its state store so that after a restart it knows which caches to look after.
/// </summary>
public abstract class StreamRegistry
{
    private const string IndexKey = "index:streams";
    private const int MaxConcurrencyRetries = 16;
    private readonly IStateStore _state;
    private IReadOnlyList<StreamDescriptor> _cached = [];
    private long _cachedAt = long.MinValue;

    protected StreamRegistry(IStateStoreFactory stores, string appId)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _state = stores.ForApp(appId);
    }

    public async Task<IReadOnlyList<StreamDescriptor>> ListAsync(CancellationToken cancellationToken)
    {
        var names = (await _state.GetAsync<List<string>>(IndexKey, cancellationToken).ConfigureAwait(false))?.Value ?? [];
        var streams = new List<StreamDescriptor>(names.Count);
        foreach (var name in names)
        {
            if (await GetAsync(name, cancellationToken).ConfigureAwait(false) is { } stream)
            {
                streams.Add(stream);
            }
        }

        return streams;
    }

    /// <summary>
    /// The list as last read, read again when older than <paramref name="maxAge"/>: for loops that look
    /// at every stream each second and need not ask the state store each time.
    /// </summary>
    public async Task<IReadOnlyList<StreamDescriptor>> ListRecentAsync(TimeSpan maxAge, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_cachedAt == long.MinValue || time.GetElapsedTime(_cachedAt) >= maxAge)
        {
            _cached = await ListAsync(cancellationToken).ConfigureAwait(false);
            _cachedAt = time.GetTimestamp();
        }

        return _cached;
    }

    public async Task<StreamDescriptor?> GetAsync(string streamId, CancellationToken cancellationToken) =>
        (await _state.GetAsync<StreamDescriptor>(Key(streamId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Records (or updates) a stream; idempotent.</summary>
    public async Task RegisterAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await _state.SaveAsync(Key(stream.StreamId), stream, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var entry = await _state.GetAsync<List<string>>(IndexKey, cancellationToken).ConfigureAwait(false);
            var names = entry?.Value ?? [];
            if (names.Contains(stream.StreamId, StringComparer.Ordinal))
            {
                return;
            }

            names.Add(stream.StreamId);
            names.Sort(StringComparer.Ordinal);
            if (entry is null)
            {
                if (await _state.TryCreateAsync(IndexKey, names, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue; // another writer created the index first: merge into theirs
            }

            if (await _state.TrySaveAsync(IndexKey, names, entry.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException("The stream index kept changing under concurrent writers.");
    }

    private static string Key(string streamId) => $"stream:{streamId}";
}
