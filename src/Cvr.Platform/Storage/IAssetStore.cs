namespace Cvr.Platform.Storage;

/// <summary>
/// Where finished recordings live: Azure Blob storage (one container per asset) or a local folder.
/// Every upload is one write request, conditional on the blob not existing yet, so a retry can never
/// create a second copy.
/// </summary>
public interface IAssetStore
{
    /// <summary>"azure-blob" or "folder", for logs and status.</summary>
    string Kind { get; }

    /// <summary>Stores the file as <c>asset/blobName</c> in one write, unless it is already there with the same hash.</summary>
    /// <exception cref="AssetStoreUnavailableException">The store could not be reached (after the client's own retries).</exception>
    Task<AssetUploadResult> UploadAsync(AssetUpload upload, CancellationToken cancellationToken);

    /// <summary>A seekable read stream, or null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(string assetName, string blobName, CancellationToken cancellationToken);

    IAsyncEnumerable<AssetBlob> ListAsync(string assetName, CancellationToken cancellationToken);

    IAsyncEnumerable<string> ListAssetsAsync(CancellationToken cancellationToken);

    /// <summary>One cheap request, no retries: is the store reachable now?</summary>
    Task<bool> ProbeAsync(CancellationToken cancellationToken);
}
