namespace Cvr.Platform.Storage;

/// <summary>A stored blob as a listing shows it: name, size and metadata.</summary>
public sealed record AssetBlob(string AssetName, string Name, long SizeBytes, IReadOnlyDictionary<string, string> Metadata);
