using System.Buffers.Binary;

namespace Cvr.Media.Mp4;

/// <summary>One traf as read: its timing, and the bytes its samples occupy in the file.</summary>
/// <param name="DataStart">The file offset of its first sample.</param>
/// <param name="DataEnd">The file offset just past its last sample.</param>
internal sealed record TrackFragmentData(Mp4TrackFragment Timing, long DataStart, long DataEnd);

/// <summary>
/// Reads a traf (tfhd, tfdt, truns): decode time, duration and where its samples lie, with the defaults
/// of ISO/IEC 14496-12 §8.8: a sample's duration or size from the trun, else the tfhd, else the trex.
/// </summary>
internal static class TrackFragmentReader
{
    private const uint BaseDataOffsetPresent = 0x01;
    private const uint SampleDescriptionIndexPresent = 0x02;
    private const uint DefaultDurationPresent = 0x08;
    private const uint DefaultSizePresent = 0x10;
    private const uint DefaultBaseIsMoof = 0x020000;

    private const uint DataOffsetPresent = 0x01;
    private const uint FirstSampleFlagsPresent = 0x04;
    private const uint SampleDurationPresent = 0x100;
    private const uint SampleSizePresent = 0x200;
    private const uint SampleFlagsPresent = 0x400;
    private const uint CompositionOffsetPresent = 0x800;

    /// <param name="traf">The traf's child boxes.</param>
    /// <param name="moofStart">Where the enclosing moof starts in the file.</param>
    /// <param name="previousDataEnd">Where the previous traf's data ends (the moof's start for the first traf): the base when tfhd gives none.</param>
    /// <param name="tracks">The moov's tracks, for their trex defaults.</param>
    /// <returns>Null when the traf is malformed (a box too short for the fields its flags announce).</returns>
    public static TrackFragmentData? Read(ReadOnlyMemory<byte> traf, long moofStart, long previousDataEnd, IReadOnlyList<Mp4Track> tracks)
    {
        uint trackId = 0;
        ulong baseTime = 0;
        ulong duration = 0;
        long samples = 0;
        var (defaultDuration, defaultSize) = (0u, 0u);
        var baseOffset = previousDataEnd;
        long? dataStart = null;
        var dataEnd = previousDataEnd;
        foreach (var (header, box) in Mp4BoxHeader.Children(traf))
        {
            var p = box.Span[header.HeaderSize..];
            if (p.Length < 4)
            {
                return null;
            }

            var flags = BinaryPrimitives.ReadUInt32BigEndian(p) & 0xFFFFFF;
            switch (header.Type)
            {
                case "tfhd":
                    if (ReadTfhd(p, flags, moofStart, previousDataEnd, tracks) is not { } tfhd)
                    {
                        return null;
                    }

                    (trackId, baseOffset, defaultDuration, defaultSize) = tfhd;
                    dataEnd = baseOffset;
                    break;
                case "tfdt":
                    var wide = p[0] == 1;
                    if (p.Length < (wide ? 12 : 8))
                    {
                        return null;
                    }

                    baseTime = wide ? BinaryPrimitives.ReadUInt64BigEndian(p[4..]) : BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
                    break;
                case "trun":
                    if (ReadTrun(p, flags, defaultDuration, defaultSize) is not { } run)
                    {
                        return null;
                    }

                    // A run without a data offset follows the previous run (or starts at the base).
                    var runStart = run.DataOffset is { } relative ? baseOffset + relative : dataEnd;
                    dataStart ??= runStart;
                    dataEnd = runStart + run.Bytes;
                    duration += run.Duration;
                    samples += run.Count;
                    break;
            }
        }

        return new TrackFragmentData(new Mp4TrackFragment(trackId, baseTime, duration, samples), dataStart ?? dataEnd, dataEnd);
    }

    private static (uint TrackId, long BaseOffset, uint DefaultDuration, uint DefaultSize)? ReadTfhd(
        ReadOnlySpan<byte> p, uint flags, long moofStart, long previousDataEnd, IReadOnlyList<Mp4Track> tracks)
    {
        var fieldsEnd = 8 + Present(flags, BaseDataOffsetPresent, 8) + Present(flags, SampleDescriptionIndexPresent, 4)
            + Present(flags, DefaultDurationPresent, 4) + Present(flags, DefaultSizePresent, 4);
        if (p.Length < fieldsEnd)
        {
            return null;
        }

        var trackId = BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
        var track = tracks.FirstOrDefault(t => t.TrackId == trackId);
        var at = 8;
        var baseOffset = (flags & DefaultBaseIsMoof) != 0 ? moofStart : previousDataEnd;
        if ((flags & BaseDataOffsetPresent) != 0)
        {
            baseOffset = (long)BinaryPrimitives.ReadUInt64BigEndian(p[at..]);
            at += 8;
        }

        at += Present(flags, SampleDescriptionIndexPresent, 4);
        var defaultDuration = track?.DefaultSampleDuration ?? 0;
        if ((flags & DefaultDurationPresent) != 0)
        {
            defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(p[at..]);
            at += 4;
        }

        var defaultSize = (flags & DefaultSizePresent) != 0 ? BinaryPrimitives.ReadUInt32BigEndian(p[at..]) : track?.DefaultSampleSize ?? 0;
        return (trackId, baseOffset, defaultDuration, defaultSize);
    }

    private static (ulong Duration, long Bytes, int? DataOffset, uint Count)? ReadTrun(ReadOnlySpan<byte> p, uint flags, uint defaultDuration, uint defaultSize)
    {
        if (p.Length < 8)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
        var at = 8;
        int? dataOffset = null;
        if ((flags & DataOffsetPresent) != 0)
        {
            if (p.Length < at + 4)
            {
                return null;
            }

            dataOffset = BinaryPrimitives.ReadInt32BigEndian(p[at..]);
            at += 4;
        }

        at += Present(flags, FirstSampleFlagsPresent, 4);
        var stride = Present(flags, SampleDurationPresent, 4) + Present(flags, SampleSizePresent, 4)
            + Present(flags, SampleFlagsPresent, 4) + Present(flags, CompositionOffsetPresent, 4);
        if (p.Length < at + ((long)count * stride))
        {
            return null;
        }

        var duration = (flags & SampleDurationPresent) == 0 ? (ulong)count * defaultDuration : 0;
        var bytes = (flags & SampleSizePresent) == 0 ? (long)count * defaultSize : 0;
        var sizeAt = Present(flags, SampleDurationPresent, 4);
        for (var i = 0; stride > 0 && i < count; i++, at += stride)
        {
            if ((flags & SampleDurationPresent) != 0)
            {
                duration += BinaryPrimitives.ReadUInt32BigEndian(p[at..]);
            }

            if ((flags & SampleSizePresent) != 0)
            {
                bytes += BinaryPrimitives.ReadUInt32BigEndian(p[(at + sizeAt)..]);
            }
        }

        return (duration, bytes, dataOffset, count);
    }

    private static int Present(uint flags, uint flag, int size) => (flags & flag) != 0 ? size : 0;
}
