namespace Cvr.Platform.Storage;

/// <summary>One file to store as <paramref name="BlobName"/> in <paramref name="AssetName"/>.</summary>
public sealed record AssetUpload(
    string AssetName,
    string BlobName,
    string FilePath,
    string Sha256,
    IReadOnlyDictionary<string, string> Metadata);
