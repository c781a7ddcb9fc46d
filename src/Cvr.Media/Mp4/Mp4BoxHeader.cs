using System.Buffers.Binary;
using System.Text;

namespace Cvr.Media.Mp4;

/// <summary>An ISO BMFF box header: where the box starts, how long it is, its four-character type.</summary>
public readonly record struct Mp4BoxHeader(long Offset, long Size, string Type, int HeaderSize)
{
    public long End => Offset + Size;

    public long PayloadOffset => Offset + HeaderSize;

    public long PayloadSize => Size - HeaderSize;

    /// <summary>Reads the header at <paramref name="offset"/>; null when fewer bytes remain than a header needs, or when they are zeros.</summary>
    public static async Task<Mp4BoxHeader?> ReadAsync(Stream stream, long offset, long fileLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (fileLength - offset < 8)
        {
            return null;
        }

        var buffer = new byte[16];
        stream.Position = offset;
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 8), cancellationToken).ConfigureAwait(false);
        long size = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        var type = Encoding.ASCII.GetString(buffer, 4, 4);
        var headerSize = 8;
        if (size == 1)
        {
            if (fileLength - offset < 16)
            {
                return null;
            }

            await stream.ReadExactlyAsync(buffer.AsMemory(8, 8), cancellationToken).ConfigureAwait(false);
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(8));
            headerSize = 16;
        }
        else if (size == 0)
        {
            // "To the end of the file" is legal for a last box, but ffmpeg's fragmented MP4 never
            // writes one: a size of 0 here is what a power cut leaves, a zero-filled tail.
            return null;
        }

        return size < headerSize ? null : new Mp4BoxHeader(offset, size, type, headerSize);
    }

    /// <summary>Parses a header from memory (for boxes nested in an already-read parent).</summary>
    public static Mp4BoxHeader? Parse(ReadOnlySpan<byte> data, long offset)
    {
        if (data.Length < 8)
        {
            return null;
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(data);
        var type = Encoding.ASCII.GetString(data.Slice(4, 4));
        var headerSize = 8;
        if (size == 1)
        {
            if (data.Length < 16)
            {
                return null;
            }

            size = (long)BinaryPrimitives.ReadUInt64BigEndian(data[8..]);
            headerSize = 16;
        }
        else if (size == 0)
        {
            size = data.Length;
        }

        return size < headerSize || size > data.Length ? null : new Mp4BoxHeader(offset, size, type, headerSize);
    }

    /// <summary>The child boxes laid out back to back in <paramref name="data"/>.</summary>
    public static IEnumerable<(Mp4BoxHeader Header, ReadOnlyMemory<byte> Box)> Children(ReadOnlyMemory<byte> data)
    {
        long offset = 0;
        while (offset < data.Length)
        {
            var header = Parse(data.Span[(int)offset..], offset);
            if (header is null)
            {
                yield break;
            }

            yield return (header.Value, data.Slice((int)offset, (int)header.Value.Size));
            offset += header.Value.Size;
        }
    }
}
