using Dapr.Client;

namespace Cvr.Platform.State;

/// <summary>
/// State in a Dapr state store component. The component's default key prefix (the app id) keeps each
/// service's keys private, so no prefix is added here.
/// </summary>
public sealed class DaprStateStore : IStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    private readonly DaprClient _dapr;
    private readonly string _storeName;

    public DaprStateStore(DaprClient dapr, string storeName)
    {
        _dapr = dapr;
        _storeName = storeName;
    }

    public async Task<StateEntry<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        var (value, etag) = await _dapr.GetStateAndETagAsync<T>(_storeName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken).ConfigureAwait(false);
        return value is null ? null : new StateEntry<T>(value, etag);
    }

    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        _dapr.SaveStateAsync(_storeName, key, value, cancellationToken: cancellationToken);

    /// <summary>Dapr answers an ETag mismatch with gRPC Aborted, which the SDK turns into false.</summary>
    public Task<bool> TrySaveAsync<T>(string key, T value, string etag, CancellationToken cancellationToken) =>
        _dapr.TrySaveStateAsync(_storeName, key, value, etag, FirstWrite, cancellationToken: cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        _dapr.DeleteStateAsync(_storeName, key, cancellationToken: cancellationToken);
}
