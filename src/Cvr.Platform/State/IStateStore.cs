namespace Cvr.Platform.State;

/// <summary>
/// A service's private key/value state, with ETags for optimistic concurrency: the SQLite file in the
/// single-process mode, a Dapr state store (key prefix = app id) under Dapr.
/// </summary>
public interface IStateStore
{
    Task<StateEntry<T>?> GetAsync<T>(string key, CancellationToken cancellationToken);

    /// <summary>Last write wins.</summary>
    Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken);

    /// <summary>Writes only if the stored ETag still equals <paramref name="etag"/>; false if another writer came first.</summary>
    Task<bool> TrySaveAsync<T>(string key, T value, string etag, CancellationToken cancellationToken);

    /// <summary>Writes only if the key does not exist yet; false if another writer created it first.</summary>
    Task<bool> TryCreateAsync<T>(string key, T value, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the store to drop what overwritten values may have left in its files (a value replaced by
    /// its sealed form). False when it could not this time (readers in the way).
    /// </summary>
    Task<bool> ScrubAsync(CancellationToken cancellationToken);
}
