using System.Buffers.Binary;
using System.Text;

namespace Cvr.Media.Mp4;

/// <summary>
/// Reads the tracks a moov declares: id, handler, timescale, first sample entry (codec, picture size or
/// audio format) and the trex defaults that fragments fall back on.
/// </summary>
internal static class MovieBoxReader
{
    public static IReadOnlyList<Mp4Track> ReadTracks(ReadOnlyMemory<byte> moov)
    {
        var tracks = new List<Mp4Track>();
        var defaults = new Dictionary<uint, (uint Duration, uint Size)>();
        foreach (var (header, box) in Mp4BoxHeader.Children(moov[8..]))
        {
            if (header.Type == "trak" && ReadTrak(box[header.HeaderSize..]) is { } track)
            {
                tracks.Add(track);
            }
            else if (header.Type == "mvex")
            {
                ReadTrex(box[header.HeaderSize..], defaults);
            }
        }

        return [.. tracks.Select(t => defaults.TryGetValue(t.TrackId, out var d) ? t with { DefaultSampleDuration = d.Duration, DefaultSampleSize = d.Size } : t)];
    }

    private static Mp4Track? ReadTrak(ReadOnlyMemory<byte> trak)
    {
        uint trackId = 0;
        var (headerWidth, headerHeight) = (0, 0);
        var (handler, timescale, entry) = ("", 0u, default(SampleDescription));
        foreach (var (header, box) in Mp4BoxHeader.Children(trak))
        {
            var p = box.Span[header.HeaderSize..];
            if (header.Type == "tkhd" && p.Length >= 4)
            {
                // Version 1 widens creation, modification and duration to 64 bits; width and height are 16.16.
                var (idAt, sizeAt) = p[0] == 1 ? (20, 88) : (12, 76);
                trackId = p.Length >= idAt + 4 ? BinaryPrimitives.ReadUInt32BigEndian(p[idAt..]) : 0;
                if (p.Length >= sizeAt + 8)
                {
                    headerWidth = (int)(BinaryPrimitives.ReadUInt32BigEndian(p[sizeAt..]) >> 16);
                    headerHeight = (int)(BinaryPrimitives.ReadUInt32BigEndian(p[(sizeAt + 4)..]) >> 16);
                }
            }
            else if (header.Type == "mdia")
            {
                (handler, timescale, entry) = ReadMdia(box[header.HeaderSize..]);
            }
        }

        if (trackId == 0)
        {
            return null;
        }

        var video = handler == "vide";
        var audio = handler == "soun";
        return new Mp4Track(
            trackId,
            handler,
            timescale,
            entry.Fourcc ?? "",
            entry.Codec,
            video ? NonZero(entry.Width) ?? headerWidth : null,
            video ? NonZero(entry.Height) ?? headerHeight : null,
            audio ? entry.Channels : null,
            audio ? NonZero(entry.SampleRate) ?? (int)timescale : null,
            DefaultSampleDuration: 0,
            DefaultSampleSize: 0);
    }

    private static (string Handler, uint Timescale, SampleDescription Entry) ReadMdia(ReadOnlyMemory<byte> mdia)
    {
        uint timescale = 0;
        var handler = "";
        var entry = ReadOnlyMemory<byte>.Empty;
        foreach (var (header, box) in Mp4BoxHeader.Children(mdia))
        {
            var p = box.Span[header.HeaderSize..];
            switch (header.Type)
            {
                case "mdhd" when p.Length >= 4:
                    var at = p[0] == 1 ? 20 : 12;
                    timescale = p.Length >= at + 4 ? BinaryPrimitives.ReadUInt32BigEndian(p[at..]) : 0;
                    break;
                case "hdlr" when p.Length >= 12:
                    // version and flags, pre_defined, handler_type
                    handler = Encoding.ASCII.GetString(p.Slice(8, 4));
                    break;
                case "minf":
                    entry = FirstSampleEntry(box[header.HeaderSize..]);
                    break;
            }
        }

        return (handler, timescale, SampleDescription.Read(entry, handler));
    }

    /// <summary>minf/stbl/stsd's first entry (a segment written by one ffmpeg has one).</summary>
    private static ReadOnlyMemory<byte> FirstSampleEntry(ReadOnlyMemory<byte> minf)
    {
        foreach (var (header, box) in Mp4BoxHeader.Children(minf))
        {
            if (header.Type != "stbl")
            {
                continue;
            }

            foreach (var (child, stsd) in Mp4BoxHeader.Children(box[header.HeaderSize..]))
            {
                // version and flags(32) entry_count(32), then the entries.
                if (child.Type == "stsd" && stsd.Length >= child.HeaderSize + 8)
                {
                    var entries = stsd[(child.HeaderSize + 8)..];
                    return Mp4BoxHeader.Children(entries).Select(e => e.Box).FirstOrDefault();
                }
            }
        }

        return ReadOnlyMemory<byte>.Empty;
    }

    private static void ReadTrex(ReadOnlyMemory<byte> mvex, Dictionary<uint, (uint Duration, uint Size)> defaults)
    {
        foreach (var (header, box) in Mp4BoxHeader.Children(mvex))
        {
            // version and flags, track_ID, default_sample_description_index, default_sample_duration, default_sample_size, default_sample_flags
            var p = box.Span[header.HeaderSize..];
            if (header.Type == "trex" && p.Length >= 20)
            {
                defaults[BinaryPrimitives.ReadUInt32BigEndian(p[4..])] = (BinaryPrimitives.ReadUInt32BigEndian(p[12..]), BinaryPrimitives.ReadUInt32BigEndian(p[16..]));
            }
        }
    }

    private static int? NonZero(int? value) => value is 0 ? null : value;
}
