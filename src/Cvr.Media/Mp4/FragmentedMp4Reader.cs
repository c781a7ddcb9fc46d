using System.Buffers.Binary;

namespace Cvr.Media.Mp4;

/// <summary>
/// Reads the structure of a fragmented MP4 file without reading its media: box headers are read and
/// mdat payloads skipped, so indexing a segment costs a few kilobytes of I/O.
/// </summary>
public static class FragmentedMp4Reader
{
    // moov and moof are small (kilobytes); a larger one means the file is not what we wrote.
    private const long MaxMetadataBox = 16 * 1024 * 1024;
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<Mp4SegmentIndex> ReadIndexAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        return await ReadIndexAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Mp4SegmentIndex> ReadIndexAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = stream.Length;
        var timescales = new Dictionary<uint, uint>();
        var fragments = new List<Mp4Fragment>();
        long initSize = 0;
        long complete = 0;
        long offset = 0;
        ProducerReference? pendingProducer = null;
        long? pendingStart = null;
        MoofSummary? openMoof = null;

        while (await Mp4BoxHeader.ReadAsync(stream, offset, length, cancellationToken).ConfigureAwait(false) is { } box)
        {
            if (box.End > length)
            {
                break; // torn: the writer stopped inside this box
            }

            switch (box.Type)
            {
                case "moov":
                    ReadMoov(await ReadBoxAsync(stream, box, cancellationToken).ConfigureAwait(false), timescales);
                    initSize = box.End;
                    complete = box.End;
                    break;
                case "prft":
                    pendingProducer = ReadPrft(await ReadBoxAsync(stream, box, cancellationToken).ConfigureAwait(false));
                    pendingStart = box.Offset;
                    break;
                case "moof":
                    openMoof = ReadMoof(await ReadBoxAsync(stream, box, cancellationToken).ConfigureAwait(false), pendingStart ?? box.Offset, pendingProducer);
                    pendingProducer = null;
                    pendingStart = null;
                    break;
                case "mdat" when openMoof is not null:
                    fragments.Add(new Mp4Fragment(openMoof.Start, box.End, openMoof.TrackId, openMoof.BaseMediaDecodeTime, openMoof.Duration, openMoof.Producer));
                    openMoof = null;
                    complete = box.End;
                    break;
                default:
                    if (initSize > 0 && openMoof is null && pendingStart is null)
                    {
                        complete = box.End; // trailing boxes such as mfra belong to a whole file
                    }

                    break;
            }

            offset = box.End;
        }

        return new Mp4SegmentIndex(initSize, timescales, fragments, complete, length);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoxAsync(Stream stream, Mp4BoxHeader box, CancellationToken cancellationToken)
    {
        if (box.Size > MaxMetadataBox)
        {
            throw new InvalidDataException($"'{box.Type}' box of {box.Size} bytes is too large for a metadata box.");
        }

        var data = new byte[box.Size];
        stream.Position = box.Offset;
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    private static void ReadMoov(ReadOnlyMemory<byte> moov, Dictionary<uint, uint> timescales)
    {
        foreach (var (header, trak) in Mp4BoxHeader.Children(moov[8..]))
        {
            if (header.Type != "trak")
            {
                continue;
            }

            uint trackId = 0;
            uint timescale = 0;
            foreach (var (child, childBox) in Mp4BoxHeader.Children(trak[8..]))
            {
                if (child.Type == "tkhd")
                {
                    var p = childBox.Span[8..];
                    trackId = BinaryPrimitives.ReadUInt32BigEndian(p[0] == 1 ? p[20..] : p[12..]);
                }
                else if (child.Type == "mdia")
                {
                    timescale = ReadMdhdTimescale(childBox[8..]);
                }
            }

            if (trackId != 0)
            {
                timescales[trackId] = timescale;
            }
        }
    }

    private static uint ReadMdhdTimescale(ReadOnlyMemory<byte> mdia)
    {
        foreach (var (header, box) in Mp4BoxHeader.Children(mdia))
        {
            if (header.Type == "mdhd")
            {
                var p = box.Span[8..];
                return BinaryPrimitives.ReadUInt32BigEndian(p[0] == 1 ? p[20..] : p[12..]);
            }
        }

        return 0;
    }

    private static ProducerReference? ReadPrft(ReadOnlyMemory<byte> prft)
    {
        // version(1) flags(3) reference_track_ID(4) ntp_timestamp(8) media_time(4, or 8 in version 1)
        var p = prft.Span[8..];
        var version = p.Length > 0 ? p[0] : 0;
        if (p.Length < (version == 1 ? 24 : 20))
        {
            return null;
        }

        var ntp = BinaryPrimitives.ReadUInt64BigEndian(p[8..]);
        var seconds = ntp >> 32;
        var fraction = ntp & 0xFFFFFFFF;
        var wallClock = NtpEpoch.AddTicks((long)seconds * TimeSpan.TicksPerSecond + (long)(fraction * (double)TimeSpan.TicksPerSecond / 4294967296.0));
        var mediaTime = version == 1 ? BinaryPrimitives.ReadUInt64BigEndian(p[16..]) : BinaryPrimitives.ReadUInt32BigEndian(p[16..]);
        return new ProducerReference(wallClock, mediaTime);
    }

    private static MoofSummary ReadMoof(ReadOnlyMemory<byte> moof, long start, ProducerReference? producer)
    {
        foreach (var (header, traf) in Mp4BoxHeader.Children(moof[8..]))
        {
            if (header.Type == "traf")
            {
                var (trackId, baseTime, duration) = ReadTraf(traf[8..]);
                return new MoofSummary(start, trackId, baseTime, duration, producer);
            }
        }

        return new MoofSummary(start, 0, 0, 0, producer);
    }

    private static (uint TrackId, ulong BaseTime, ulong Duration) ReadTraf(ReadOnlyMemory<byte> traf)
    {
        uint trackId = 0;
        uint defaultDuration = 0;
        ulong baseTime = 0;
        ulong duration = 0;
        foreach (var (header, box) in Mp4BoxHeader.Children(traf))
        {
            var p = box.Span[8..];
            var flags = BinaryPrimitives.ReadUInt32BigEndian(p) & 0xFFFFFF;
            switch (header.Type)
            {
                case "tfhd":
                    trackId = BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
                    var at = 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
                    if ((flags & 0x08) != 0)
                    {
                        defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(p[at..]);
                    }

                    break;
                case "tfdt":
                    baseTime = p[0] == 1 ? BinaryPrimitives.ReadUInt64BigEndian(p[4..]) : BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
                    break;
                case "trun":
                    duration += TrunDuration(p, flags, defaultDuration);
                    break;
            }
        }

        return (trackId, baseTime, duration);
    }

    private static ulong TrunDuration(ReadOnlySpan<byte> p, uint flags, uint defaultDuration)
    {
        var count = BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
        if ((flags & 0x100) == 0)
        {
            return (ulong)count * defaultDuration;
        }

        var at = 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
        var stride = 4 + ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
        ulong total = 0;
        for (var i = 0; i < count && at + 4 <= p.Length; i++, at += stride)
        {
            total += BinaryPrimitives.ReadUInt32BigEndian(p[at..]);
        }

        return total;
    }

    private sealed record MoofSummary(long Start, uint TrackId, ulong BaseMediaDecodeTime, ulong Duration, ProducerReference? Producer);
}
