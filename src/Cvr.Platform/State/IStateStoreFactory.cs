namespace Cvr.Platform.State;

/// <summary>Hands each service its own state store, keyed by app id as Dapr's default key prefix does.</summary>
public interface IStateStoreFactory
{
    IStateStore ForApp(string appId);
}
