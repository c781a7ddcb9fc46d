using Dapr.Client;

namespace Cvr.Platform.State;

/// <summary>Stores in one Dapr state store component; daprd prefixes keys with the calling app's id.</summary>
public sealed class DaprStateStoreFactory(DaprClient dapr, string storeName) : IStateStoreFactory
{
    public IStateStore ForApp(string appId) => new DaprStateStore(dapr, storeName);
}
