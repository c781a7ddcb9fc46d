using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Cvr.Media.Mp4;

/// <summary>
/// RFC 6381 codecs strings from a sample entry's configuration box, as HLS CODECS attributes and MSE's
/// <c>isTypeSupported</c> want them. Each returns null when the box is too short to say.
/// </summary>
internal static class CodecStrings
{
    /// <summary>avc1.PPCCLL (RFC 6381 §3.3): the profile, constraint-flags and level bytes of the avcC, in hex.</summary>
    public static string? Avc(string sampleEntry, ReadOnlySpan<byte> avcC) =>
        avcC.Length < 4 ? null : string.Create(CultureInfo.InvariantCulture, $"{sampleEntry}.{avcC[1]:x2}{avcC[2]:x2}{avcC[3]:x2}");

    /// <summary>
    /// hvc1.[A-C]profile.compatibility.{L|H}level[.constraint bytes] (ISO/IEC 14496-15 Annex E): the
    /// compatibility flags bit-reversed in hex, the six constraint bytes in hex with trailing zeros left out.
    /// </summary>
    public static string? Hevc(string sampleEntry, ReadOnlySpan<byte> hvcC)
    {
        // configurationVersion(8) profile_space(2) tier(1) profile_idc(5) compatibility(32) constraints(48) level(8)
        if (hvcC.Length < 13)
        {
            return null;
        }

        var space = hvcC[1] >> 6;
        var tier = (hvcC[1] & 0x20) != 0 ? 'H' : 'L';
        var profile = hvcC[1] & 0x1F;
        var compatibility = ReverseBits(BinaryPrimitives.ReadUInt32BigEndian(hvcC[2..]));
        var constraints = hvcC.Slice(6, 6);
        var text = new StringBuilder(sampleEntry).Append('.');
        if (space > 0)
        {
            text.Append((char)('A' + space - 1));
        }

        text.Append(CultureInfo.InvariantCulture, $"{profile}.{compatibility:X}.{tier}{hvcC[12]}");
        var kept = constraints.Length;
        while (kept > 0 && constraints[kept - 1] == 0)
        {
            kept--;
        }

        foreach (var flags in constraints[..kept])
        {
            text.Append(CultureInfo.InvariantCulture, $".{flags:X2}");
        }

        return text.ToString();
    }

    /// <summary>
    /// mp4a.OO[.A] (RFC 6381 §3.3): the ES descriptor's object type indication in hex and, for MPEG-4
    /// audio (0x40), the audio object type of its AudioSpecificConfig in decimal (2 for AAC-LC).
    /// </summary>
    public static string Mp4a(ElementaryStreamDescriptor descriptor) =>
        descriptor.AudioObjectType is { } audioObjectType
            ? string.Create(CultureInfo.InvariantCulture, $"mp4a.{descriptor.ObjectType:x2}.{audioObjectType}")
            : string.Create(CultureInfo.InvariantCulture, $"mp4a.{descriptor.ObjectType:x2}");

    private static uint ReverseBits(uint value)
    {
        uint reversed = 0;
        for (var i = 0; i < 32; i++, value >>= 1)
        {
            reversed = (reversed << 1) | (value & 1);
        }

        return reversed;
    }
}
