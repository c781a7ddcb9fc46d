using System.Text.Json;
using Cvr.Platform.Messaging;
using Dapr;
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

    /// <summary>
    /// daprd answers a missing key with empty data, which the SDK turns into default(T): for a value
    /// type that would be a real-looking value (a DateTimeOffset of year 1). Reading the raw JSON first
    /// tells "absent" from any value.
    /// </summary>
    public async Task<StateEntry<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        var (raw, etag) = await _dapr.GetStateAndETagAsync<JsonElement>(_storeName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (raw.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        return raw.Deserialize<T>(EventJson.Options) is { } value ? new StateEntry<T>(value, etag) : null;
    }

    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        _dapr.SaveStateAsync(_storeName, key, value, cancellationToken: cancellationToken);

    /// <summary>Dapr answers an ETag mismatch with gRPC Aborted, which the SDK turns into false.</summary>
    public Task<bool> TrySaveAsync<T>(string key, T value, string etag, CancellationToken cancellationToken) =>
        _dapr.TrySaveStateAsync(_storeName, key, value, etag, FirstWrite, cancellationToken: cancellationToken);

    /// <summary>
    /// First-write concurrency without an ETag asks the store to insert only if the key is absent; a
    /// store that finds it present fails the request (daprd answers Aborted or an error).
    /// </summary>
    public async Task<bool> TryCreateAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        try
        {
            await _dapr.SaveStateAsync(_storeName, key, value, FirstWrite, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DaprException ex) when (ex.InnerException is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Aborted or Grpc.Core.StatusCode.AlreadyExists or Grpc.Core.StatusCode.FailedPrecondition })
        {
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        _dapr.DeleteStateAsync(_storeName, key, cancellationToken: cancellationToken);

    /// <summary>
    /// Nothing Cvr can ask through Dapr: the component's own files (Redis's append-only file keeps
    /// overwritten values until Redis rewrites it) are the store's to compact.
    /// </summary>
    public Task<bool> ScrubAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
