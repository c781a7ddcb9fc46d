namespace Cvr.Platform.Storage;

/// <summary>A blob of that name exists with other content: never overwritten.</summary>
public sealed class AssetConflictException : Exception
{
    public AssetConflictException()
    {
    }

    public AssetConflictException(string message)
        : base(message)
    {
    }

    public AssetConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
