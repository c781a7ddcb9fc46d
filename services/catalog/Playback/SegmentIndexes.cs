using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Media.Mp4;

namespace Cvr.Catalog.Playback;

/// <summary>
/// The fragment index of every segment served, kept in the catalog's database (its own table, by asset
/// and file, with the hash of the bytes it describes) so that serving init.mp4 and media.m4s reads only
/// the bytes it sends. An index is read from the segment on its first use and stored: a catalog rebuilt
/// from the store knows only what blob metadata holds, so the fill must be lazy in any case.
/// </summary>
public sealed class SegmentIndexes(CatalogDatabase catalog)
{
    /// <summary>The segment's index: the stored one, else read from its media (then stored); null when its media is nowhere.</summary>
    public async Task<Mp4SegmentIndex?> OfAsync(SegmentDescriptor segment, SegmentMediaSource media, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (await FindAsync(segment, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        var stream = await media.OpenAsync(segment, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream)
        {
            return await ReadAndStoreAsync(segment, stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The segment's index: the stored one, else read from <paramref name="stream"/> (its bytes, seekable) and stored.</summary>
    public async Task<Mp4SegmentIndex> OfAsync(SegmentDescriptor segment, Stream stream, CancellationToken cancellationToken) =>
        await FindAsync(segment, cancellationToken).ConfigureAwait(false)
            ?? await ReadAndStoreAsync(segment, stream, cancellationToken).ConfigureAwait(false);

    /// <summary>The stored index of these bytes (the segment's hash must match); null when none is.</summary>
    public async Task<Mp4SegmentIndex?> FindAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        await using var connection = await catalog.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM segment_indexes WHERE asset = $asset AND file_name = $file AND sha256 = $sha";
        command.Parameters.AddWithValue("$asset", segment.AssetName);
        command.Parameters.AddWithValue("$file", segment.FileName);
        command.Parameters.AddWithValue("$sha", segment.Sha256);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not byte[] data)
        {
            return null;
        }

        try
        {
            return Mp4SegmentIndexCodec.Decode(data);
        }
        catch (InvalidDataException)
        {
            return null; // written by another version: read the segment again, and replace it
        }
    }

    public async Task StoreAsync(SegmentDescriptor segment, Mp4SegmentIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        await using var connection = await catalog.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO segment_indexes(asset, file_name, sha256, data) VALUES ($asset, $file, $sha, $data)
            ON CONFLICT(asset, file_name) DO UPDATE SET sha256 = excluded.sha256, data = excluded.data
            """;
        command.Parameters.AddWithValue("$asset", segment.AssetName);
        command.Parameters.AddWithValue("$file", segment.FileName);
        command.Parameters.AddWithValue("$sha", segment.Sha256);
        command.Parameters.AddWithValue("$data", Mp4SegmentIndexCodec.Encode(index));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Mp4SegmentIndex> ReadAndStoreAsync(SegmentDescriptor segment, Stream stream, CancellationToken cancellationToken)
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(stream, cancellationToken).ConfigureAwait(false);
        await StoreAsync(segment, index, cancellationToken).ConfigureAwait(false);
        return index;
    }
}
