using System.Text.Json;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.Media.Files;

namespace Cvr.Media.Cache;

/// <summary>
/// The small JSON file beside each sealed segment: its descriptor. With it the cache describes itself,
/// so the uploader, a restart or a rebuild never need anything but the files.
/// </summary>
public static class SegmentManifest
{
    private static JsonSerializerOptions Json => ContractJson.Options;

    /// <summary>Writes the manifest durably: a temporary file, forced to disk, renamed, its folder forced.</summary>
    public static Task WriteAsync(string segmentPath, SegmentDescriptor descriptor, CancellationToken cancellationToken) =>
        DurableFile.WriteAtomicallyAsync(CacheLayout.ManifestOf(segmentPath), JsonSerializer.SerializeToUtf8Bytes(descriptor, Json), cancellationToken);

    /// <summary>The descriptor written beside <paramref name="segmentPath"/>, or null if absent or unreadable.</summary>
    public static async Task<SegmentDescriptor?> ReadAsync(string segmentPath, CancellationToken cancellationToken)
    {
        var path = CacheLayout.ManifestOf(segmentPath);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<SegmentDescriptor>(stream, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
