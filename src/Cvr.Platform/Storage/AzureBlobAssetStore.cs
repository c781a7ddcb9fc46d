using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cvr.Platform.Storage;

/// <summary>
/// Assets in Azure Blob storage: one container per asset, one block blob per segment, each written
/// with a single Put Blob request that is conditional on the blob not existing (If-None-Match: *).
/// </summary>
public sealed class AzureBlobAssetStore : IAssetStore
{
    // Put Blob takes up to 5000 MiB in one request; a 5-minute segment is far below that, so the
    // SDK never splits an upload into blocks (which would be several write transactions).
    private const long SingleRequestLimit = 4000L * 1024 * 1024;

    private readonly BlobServiceClient _service;
    private readonly BlobServiceClient _probe;
    private readonly ConcurrentDictionary<string, bool> _knownContainers = new(StringComparer.Ordinal);

    public AzureBlobAssetStore(string connectionString)
    {
        // A few quick retries ride out a blip; a real outage is then handed to the uploader's gate
        // (seconds, not the SDK's default of about half a minute), which probes cheaply until it ends.
        var uploadOptions = new BlobClientOptions();
        uploadOptions.Retry.MaxRetries = 3;
        uploadOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        uploadOptions.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        _service = new BlobServiceClient(connectionString, uploadOptions);

        // The probe must be cheap and quick: one request, no retries, a short timeout.
        var probeOptions = new BlobClientOptions();
        probeOptions.Retry.MaxRetries = 0;
        probeOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        _probe = new BlobServiceClient(connectionString, probeOptions);
    }

    public string Kind => "azure-blob";

    public string? LocalFolder => null;

    public async Task<AssetUploadResult> UploadAsync(AssetUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var container = _service.GetBlobContainerClient(upload.AssetName);
        var blob = container.GetBlobClient(upload.BlobName);
        var options = new BlobUploadOptions
        {
            Metadata = upload.Metadata.ToDictionary(),
            HttpHeaders = new BlobHttpHeaders { ContentType = "video/mp4" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },

            // The service checks the bytes it received against an MD5 of what was sent.
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = SingleRequestLimit,
                MaximumTransferSize = SingleRequestLimit,
                MaximumConcurrency = 1,
            },
        };

        try
        {
            if (!_knownContainers.ContainsKey(upload.AssetName))
            {
                // Once per asset and process, so that no segment upload ever fails on a missing container.
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _knownContainers[upload.AssetName] = true;
            }

            await using var content = new FileStream(upload.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, useAsync: true);
            try
            {
                await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                content.Position = 0;
                await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            }

            return AssetUploadResult.Created;
        }
        catch (RequestFailedException ex) when (ex.Status == 409 || ex.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return await ExistingAsync(blob, upload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new AssetStoreUnavailableException($"Azure Blob storage is unreachable: {ex.GetBaseException().Message}", ex);
        }
    }

    public async Task<Stream?> OpenReadAsync(string assetName, string blobName, CancellationToken cancellationToken)
    {
        var blob = _service.GetBlobContainerClient(assetName).GetBlobClient(blobName);
        try
        {
            // A lazily reading, seekable stream: range requests are served without fetching the whole blob.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new AssetStoreUnavailableException($"Azure Blob storage is unreachable: {ex.GetBaseException().Message}", ex);
        }
    }

    public async IAsyncEnumerable<AssetBlob> ListAsync(string assetName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = _service.GetBlobContainerClient(assetName);
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var pages = container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken);
        await foreach (var item in pages.ConfigureAwait(false))
        {
            yield return new AssetBlob(assetName, item.Name, item.Properties.ContentLength ?? 0, item.Metadata.AsReadOnly());
        }
    }

    public async Task<bool> DeleteAsync(string assetName, string blobName, CancellationToken cancellationToken)
    {
        var blob = _service.GetBlobContainerClient(assetName).GetBlobClient(blobName);
        try
        {
            return (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new AssetStoreUnavailableException($"Azure Blob storage is unreachable: {ex.GetBaseException().Message}", ex);
        }
    }

    public async IAsyncEnumerable<string> ListAssetsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var container in _service.GetBlobContainersAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return container.Name;
        }
    }

    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _probe.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is > 0 and < 500)
        {
            return true; // it answered (perhaps "not allowed"): reachable
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// When the SDK's own retries give up on a dead connection it throws an AggregateException of
    /// RequestFailedExceptions (Status 0), not a single RequestFailedException; both mean "unreachable".
    /// </summary>
    internal static bool IsUnreachable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnreachable),
        RequestFailedException failed => failed.Status == 0 || failed.Status >= 500 || failed.InnerException is HttpRequestException or SocketException,
        HttpRequestException or SocketException or TimeoutException => true,
        TaskCanceledException canceled => canceled.InnerException is TimeoutException,
        _ => false,
    };

    private static async Task<AssetUploadResult> ExistingAsync(BlobClient blob, AssetUpload upload, CancellationToken cancellationToken)
    {
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (properties.Value.Metadata.TryGetValue(SegmentMetadata.Sha256, out var hash) && hash == upload.Sha256)
        {
            return AssetUploadResult.AlreadyPresent;
        }

        throw new AssetConflictException($"Blob '{upload.BlobName}' already exists in asset '{upload.AssetName}' with other content.", properties.Value.Metadata.AsReadOnly());
    }
}
