using System.Runtime.CompilerServices;
using System.Text.Json;
using Cvr.Media.Files;

namespace Cvr.Platform.Storage;

/// <summary>
/// The single-process default: assets as folders under a root, blobs as files, metadata in a
/// <c>.metadata</c> folder beside them. On the same file system as the cache, an upload is a hard
/// link, so the video is not written a second time. An upload is durable when it returns: the data
/// (a copy from another file system), the metadata and the folder entries are forced to disk.
/// </summary>
public sealed class FolderAssetStore : IAssetStore
{
    private const string MetadataFolder = ".metadata";

    /// <summary>How many blobs of a listing have their metadata read at once.</summary>
    private const int ListChunk = 256;
    private readonly string _root;

    public FolderAssetStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Kind => "folder";

    public string Root => _root;

    public string? LocalFolder => _root;

    public async Task<AssetUploadResult> UploadAsync(AssetUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var target = BlobPath(upload.AssetName, upload.BlobName);
        var metadataPath = MetadataPath(upload.AssetName, upload.BlobName);
        if (File.Exists(target))
        {
            return await ExistingAsync(upload, metadataPath, cancellationToken).ConfigureAwait(false);
        }

        DurableFile.CreateDirectory(Path.GetDirectoryName(metadataPath)!);
        await DurableFile.WriteAtomicallyAsync(metadataPath, JsonSerializer.SerializeToUtf8Bytes(upload.Metadata), cancellationToken).ConfigureAwait(false);
        var staging = target + ".uploading";
        File.Delete(staging);
        if (!HardLink.TryCreate(upload.FilePath, staging))
        {
            // Another file system: a copy, forced to disk. (A link shares the bytes the segmenter forced.)
            await CopyAsync(upload.FilePath, staging, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            DurableFile.Move(staging, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(staging);
            return await ExistingAsync(upload, metadataPath, cancellationToken).ConfigureAwait(false);
        }

        return AssetUploadResult.Created;
    }

    public Task<Stream?> OpenReadAsync(string assetName, string blobName, CancellationToken cancellationToken)
    {
        var path = BlobPath(assetName, blobName);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public async IAsyncEnumerable<AssetBlob> ListAsync(string assetName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = AssetFolder(assetName);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var names = Directory.EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .Where(name => !name!.EndsWith(".uploading", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        // One metadata file per blob: reading them one after the other was most of a rebuild's listing
        // time, so each chunk is read in parallel and still yielded in name order.
        foreach (var chunk in names.Chunk(ListChunk))
        {
            var blobs = new AssetBlob[chunk.Length];
            await Parallel.ForAsync(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, async (i, token) =>
                blobs[i] = await ReadBlobAsync(assetName, chunk[i]!, token).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var blob in blobs)
            {
                yield return blob;
            }
        }
    }

    public Task<bool> DeleteAsync(string assetName, string blobName, CancellationToken cancellationToken)
    {
        var path = BlobPath(assetName, blobName);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        // The blob first: metadata without a blob is never listed; a blob without metadata would be foreign.
        File.Delete(path);
        File.Delete(MetadataPath(assetName, blobName));
        DurableFile.FlushDirectory(AssetFolder(assetName));
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<string> ListAssetsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var folder in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsBlobName(Path.GetFileName(folder)))
            {
                yield return Path.GetFileName(folder);
            }
        }
    }

    public Task<bool> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult(Directory.Exists(_root));

    private async Task<AssetBlob> ReadBlobAsync(string assetName, string name, CancellationToken cancellationToken)
    {
        // A file Cvr did not write (a .DS_Store, a seed) has no metadata: listed, for callers to skip and count.
        var metadata = IsBlobName(name)
            ? await ReadMetadataAsync(MetadataPath(assetName, name), cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, string>();
        return new AssetBlob(assetName, name, SafeLength(Path.Combine(AssetFolder(assetName), name)), metadata);
    }

    private static async Task<AssetUploadResult> ExistingAsync(AssetUpload upload, string metadataPath, CancellationToken cancellationToken)
    {
        var existing = await ReadMetadataAsync(metadataPath, cancellationToken).ConfigureAwait(false);
        if (existing.TryGetValue(SegmentMetadata.Sha256, out var hash) && hash == upload.Sha256)
        {
            return AssetUploadResult.AlreadyPresent;
        }

        throw new AssetConflictException($"Blob '{upload.BlobName}' already exists in asset '{upload.AssetName}' with other content.", existing);
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadMetadataAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // Metadata files are a few hundred bytes: one read, no stream.
            var json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
        }
        catch (Exception ex) when (ex is JsonException or FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static bool IsBlobName(string name) =>
        !string.IsNullOrWhiteSpace(name) && !name.StartsWith('.') && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, useAsync: true);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        DurableFile.Flush(target);
    }

    private string AssetFolder(string assetName) => Path.Combine(_root, CheckName(assetName));

    private string BlobPath(string assetName, string blobName) => Path.Combine(AssetFolder(assetName), CheckName(blobName));

    private string MetadataPath(string assetName, string blobName) =>
        Path.Combine(AssetFolder(assetName), MetadataFolder, CheckName(blobName) + ".json");

    private static string CheckName(string name)
    {
        if (!IsBlobName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid asset or blob name.", nameof(name));
        }

        return name;
    }
}
