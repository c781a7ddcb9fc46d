namespace Cvr.Platform.Storage;

/// <summary>Reads the <c>--asset-store</c> setting: an Azure Storage connection string, or a folder path.</summary>
public static class AssetStoreFactory
{
    public static bool IsConnectionString(string value) =>
        value.Contains("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase)
        || value.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
        || value.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase);

    public static IAssetStore Create(string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        return IsConnectionString(setting) ? new AzureBlobAssetStore(setting) : new FolderAssetStore(setting);
    }
}
