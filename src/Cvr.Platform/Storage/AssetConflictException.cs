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

    /// <param name="existingMetadata">The stored blob's metadata: what the store holds under that name.</param>
    public AssetConflictException(string message, IReadOnlyDictionary<string, string> existingMetadata)
        : base(message)
    {
        ExistingMetadata = existingMetadata;
    }

    /// <summary>The stored blob's metadata, when it could be read.</summary>
    public IReadOnlyDictionary<string, string>? ExistingMetadata { get; }
}
