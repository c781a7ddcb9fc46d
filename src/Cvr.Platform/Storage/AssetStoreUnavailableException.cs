namespace Cvr.Platform.Storage;

/// <summary>The asset store could not be reached; the operation may succeed later.</summary>
public sealed class AssetStoreUnavailableException : Exception
{
    public AssetStoreUnavailableException()
    {
    }

    public AssetStoreUnavailableException(string message)
        : base(message)
    {
    }

    public AssetStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
