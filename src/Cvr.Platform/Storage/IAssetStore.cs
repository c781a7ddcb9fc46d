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

    /// <summary>The folder on this machine's disks where the store keeps its blobs; null for a remote store.</summary>
    string? LocalFolder { get; }

    /// <summary>Stores the file as <c>asset/blobName</c> in one write, unless it is already there with the same hash.</summary>
    /// <exception cref="AssetStoreUnavailableException">The store could not be reached (after the client's own retries).</exception>
    Task<AssetUploadResult> UploadAsync(AssetUpload upload, CancellationToken cancellationToken);

    /// <summary>A seekable read stream, or null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(string assetName, string blobName, CancellationToken cancellationToken);

    /// <summary>
    /// Every blob of the asset in name order (which is time order for Cvr's), including any Cvr did not
    /// write (with whatever metadata they have): callers skip and count those.
    /// </summary>
    IAsyncEnumerable<AssetBlob> ListAsync(string assetName, CancellationToken cancellationToken);

    /// <summary>Deletes the blob if it exists; false if it did not.</summary>
    /// <exception cref="AssetStoreUnavailableException">The store could not be reached.</exception>
    Task<bool> DeleteAsync(string assetName, string blobName, CancellationToken cancellationToken);

    IAsyncEnumerable<string> ListAssetsAsync(CancellationToken cancellationToken);

    /// <summary>One cheap request, no retries: is the store reachable now?</summary>
    Task<bool> ProbeAsync(CancellationToken cancellationToken);
}
