using System.Buffers.Binary;

namespace Cvr.Media.Mp4;

/// <summary>What a track's sample entry (stsd) says: its fourcc, codec string, and picture size or audio format.</summary>
internal readonly record struct SampleDescription(string? Fourcc, string? Codec, int? Width, int? Height, int? Channels, int? SampleRate)
{
    // ISO/IEC 14496-12 §12.1.3 / §12.2.3: the fields a VisualSampleEntry and an AudioSampleEntry hold before their child boxes.
    private const int SampleEntryFields = 8;
    private const int VisualFields = SampleEntryFields + 70;
    private const int AudioFields = SampleEntryFields + 20;

    /// <param name="entry">The sample entry box, header included; empty when the track has none.</param>
    /// <param name="handler">The track's handler, which says whether the entry is visual or audio.</param>
    public static SampleDescription Read(ReadOnlyMemory<byte> entry, string handler)
    {
        if (Mp4BoxHeader.Parse(entry.Span, 0) is not { } header)
        {
            return default;
        }

        var fields = entry[header.HeaderSize..];
        return handler switch
        {
            "vide" when fields.Length >= VisualFields => Visual(header.Type, fields),
            "soun" when fields.Length >= AudioFields => Audio(header.Type, fields),
            _ => new SampleDescription(header.Type, null, null, null, null, null),
        };
    }

    private static SampleDescription Visual(string fourcc, ReadOnlyMemory<byte> fields)
    {
        // reserved(6) data_reference_index(2) pre_defined(2) reserved(2) pre_defined(12) width(16) height(16) …
        var width = BinaryPrimitives.ReadUInt16BigEndian(fields.Span[24..]);
        var height = BinaryPrimitives.ReadUInt16BigEndian(fields.Span[26..]);
        string? codec = null;
        foreach (var (header, box) in Mp4BoxHeader.Children(fields[VisualFields..]))
        {
            var configuration = box.Span[header.HeaderSize..];
            codec ??= (fourcc, header.Type) switch
            {
                ("avc1" or "avc3", "avcC") => CodecStrings.Avc(fourcc, configuration),
                ("hvc1" or "hev1", "hvcC") => CodecStrings.Hevc(fourcc, configuration),
                _ => null,
            };
        }

        return new SampleDescription(fourcc, codec, width, height, null, null);
    }

    private static SampleDescription Audio(string fourcc, ReadOnlyMemory<byte> fields)
    {
        // reserved(6) data_reference_index(2) version(2) revision(2) vendor(4) channelcount(2) samplesize(2)
        // pre_defined(2) reserved(2) samplerate(16.16); QuickTime sound descriptions of version 1 and 2 add 16 and 36 bytes.
        // For AAC these are templates; the esds holds the real channel count and rate.
        var version = BinaryPrimitives.ReadUInt16BigEndian(fields.Span[8..]);
        var channels = BinaryPrimitives.ReadUInt16BigEndian(fields.Span[16..]);
        var rate = (int)(BinaryPrimitives.ReadUInt32BigEndian(fields.Span[24..]) >> 16);
        var childrenAt = AudioFields + version switch { 1 => 16, 2 => 36, _ => 0 };
        var esds = fourcc == "mp4a" && fields.Length >= childrenAt
            ? Mp4BoxHeader.Children(fields[childrenAt..]).Where(c => c.Header.Type == "esds").Select(c => ElementaryStreamDescriptor.Read(c.Box.Span[c.Header.HeaderSize..])).FirstOrDefault()
            : null;
        if (esds is not null)
        {
            return new SampleDescription(fourcc, CodecStrings.Mp4a(esds), null, null, esds.Channels ?? channels, esds.SampleRate ?? rate);
        }

        return new SampleDescription(fourcc, null, null, null, channels, rate);
    }
}
