using Cvr.Contracts.Events;
using Cvr.Platform.State;

namespace Cvr.Platform.Streams;

/// <summary>
/// A service's own durable list of the streams it looks after, kept in its state store so that after a
/// restart it knows which caches to look after. A stream joins when it is activated and leaves once it
/// is deactivated and the service has nothing left to do in its cache (<see cref="HasWorkLeft"/>): what
/// was recorded is still sealed and uploaded, and the recordings themselves are never touched.
/// </summary>
public abstract class StreamRegistry
{
    private const string IndexKey = "index:streams";
    private const int MaxConcurrencyRetries = 16;

    // Serializes this service's lifecycle changes: without it an activation handled while the retirement
    // loop forgets the stream would be undone (the loop removes the stream the activation just saved), and
    // the new recording would be looked after by nobody. One registry per service process owns its store.
    private readonly SemaphoreSlim _lifecycleGate = new(1, 1);
    private IReadOnlyList<StreamDescriptor> _cached = [];
    private long _cachedAt = long.MinValue;

    protected StreamRegistry(IStateStoreFactory stores, string appId)
    {
        ArgumentNullException.ThrowIfNull(stores);
        State = stores.ForApp(appId);
    }

    /// <summary>The service's own state store.</summary>
    protected IStateStore State { get; }

    /// <summary>The streams looked after, retiring ones included until they are forgotten.</summary>
    public async Task<IReadOnlyList<StreamDescriptor>> ListAsync(CancellationToken cancellationToken)
    {
        var streams = new List<StreamDescriptor>();
        foreach (var name in await NamesAsync(cancellationToken).ConfigureAwait(false))
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
        (await State.GetAsync<StreamDescriptor>(Key(streamId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Records (or updates) a stream activated at <paramref name="activatedAt"/>; idempotent.</summary>
    public async Task RegisterAsync(StreamDescriptor stream, DateTimeOffset activatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await _lifecycleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lifecycle = await LifecycleAsync(stream.StreamId, cancellationToken).ConfigureAwait(false);
            await State.SaveAsync(LifecycleKey(stream.StreamId), (lifecycle ?? new StreamLifecycle(activatedAt, null)).Activated(activatedAt), cancellationToken).ConfigureAwait(false);
            await State.SaveAsync(Key(stream.StreamId), stream, cancellationToken).ConfigureAwait(false);
            await ChangeIndexAsync(names => !names.Contains(stream.StreamId, StringComparer.Ordinal) && Added(names, stream.StreamId), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycleGate.Release();
        }
    }

    /// <summary>
    /// Records that the stream was deactivated at <paramref name="deactivatedAt"/>; idempotent. An
    /// activation heard later but made earlier (the topics are not ordered) registers a retiring stream.
    /// </summary>
    public async Task RetireAsync(string streamId, DateTimeOffset deactivatedAt, CancellationToken cancellationToken)
    {
        await _lifecycleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lifecycle = await LifecycleAsync(streamId, cancellationToken).ConfigureAwait(false) ?? new StreamLifecycle(DateTimeOffset.MinValue, null);
            await State.SaveAsync(LifecycleKey(streamId), lifecycle.Deactivated(deactivatedAt), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycleGate.Release();
        }
    }

    /// <summary>
    /// Forgets every retiring stream whose cache holds nothing more for this service; the ids forgotten.
    /// The lifecycle stays behind (two times per stream name), so that a late redelivery of an old
    /// activation does not bring the stream back.
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetDrainedAsync(CancellationToken cancellationToken)
    {
        var forgotten = new List<string>();
        foreach (var streamId in await NamesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await TryForgetAsync(streamId, cancellationToken).ConfigureAwait(false))
            {
                forgotten.Add(streamId);
            }
        }

        if (forgotten.Count > 0)
        {
            _cachedAt = long.MinValue;
        }

        return forgotten;
    }

    /// <summary>Forgets the stream if it is retiring and drained, judged and done under the lifecycle gate.</summary>
    private async Task<bool> TryForgetAsync(string streamId, CancellationToken cancellationToken)
    {
        await _lifecycleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await LifecycleAsync(streamId, cancellationToken).ConfigureAwait(false) is not { Retiring: true }
                || await GetAsync(streamId, cancellationToken).ConfigureAwait(false) is not { } stream
                || HasWorkLeft(stream))
            {
                return false;
            }

            await ForgettingAsync(stream, cancellationToken).ConfigureAwait(false);
            await ChangeIndexAsync(names => names.Remove(streamId), cancellationToken).ConfigureAwait(false);
            await State.DeleteAsync(Key(streamId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lifecycleGate.Release();
        }
    }

    /// <summary>Whether the stream's cache still holds something this service has to do (seal, upload).</summary>
    protected abstract bool HasWorkLeft(StreamDescriptor stream);

    /// <summary>Called just before the stream is forgotten: for what the service must keep of it.</summary>
    protected virtual Task ForgettingAsync(StreamDescriptor stream, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<StreamLifecycle?> LifecycleAsync(string streamId, CancellationToken cancellationToken) =>
        (await State.GetAsync<StreamLifecycle>(LifecycleKey(streamId), cancellationToken).ConfigureAwait(false))?.Value;

    private async Task<List<string>> NamesAsync(CancellationToken cancellationToken) =>
        (await State.GetAsync<List<string>>(IndexKey, cancellationToken).ConfigureAwait(false))?.Value ?? [];

    /// <summary>Applies <paramref name="change"/> to the index (false: nothing to change), against concurrent writers.</summary>
    private async Task ChangeIndexAsync(Func<List<string>, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var entry = await State.GetAsync<List<string>>(IndexKey, cancellationToken).ConfigureAwait(false);
            var names = entry?.Value ?? [];
            if (!change(names))
            {
                return;
            }

            names.Sort(StringComparer.Ordinal);
            if (entry is null ? await State.TryCreateAsync(IndexKey, names, cancellationToken).ConfigureAwait(false)
                : await State.TrySaveAsync(IndexKey, names, entry.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // Another writer changed the index first: apply the change to theirs.
        }

        throw new InvalidOperationException("The stream index kept changing under concurrent writers.");
    }

    private static bool Added(List<string> names, string name)
    {
        names.Add(name);
        return true;
    }

    private static string Key(string streamId) => $"stream:{streamId}";

    private static string LifecycleKey(string streamId) => $"lifecycle:{streamId}";
}
