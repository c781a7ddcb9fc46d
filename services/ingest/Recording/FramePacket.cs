using System.Globalization;

namespace Cvr.Ingest.Recording;

/// <summary>
/// One packet as ffmpeg's framecrc muxer prints it:
/// <c>stream, dts, pts, duration, size, 0xcrc[, F=0xflags][, S=count, size…]</c>. Timestamps are in the
/// stream's time base (the <c>#tb</c> header); <c>F=</c> appears only for packets that are not (only)
/// keyframes; <c>S=</c> lists side data, such as the 16-byte producer reference time ffmpeg attaches to
/// every RTSP packet once the camera has sent an RTCP sender report, or the new parameter sets
/// (SPS/PPS, VPS) that the extract_extradata filter finds in a keyframe.
/// </summary>
/// <param name="ParameterSetsSize">
/// The size of the parameter sets the packet carries in band (0 when none): a camera that changes
/// resolution or profile sends different ones (ffmpeg 5.1's framecrc prints side data sizes, not contents).
/// </param>
public readonly record struct FramePacket(int StreamIndex, long Dts, long Pts, long Duration, long Size, bool Keyframe, bool HasProducerTime, int ParameterSetsSize = 0)
{
    /// <summary>Size of ffmpeg's AVProducerReferenceTime side data.</summary>
    private const int ProducerTimeSize = 16;

    public static bool TryParse(string line, out FramePacket packet)
    {
        packet = default;
        if (string.IsNullOrEmpty(line) || line[0] == '#')
        {
            return false;
        }

        var parts = line.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 6
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var stream)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var dts)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pts)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var duration)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return false;
        }

        var keyframe = true;
        var producerTime = false;
        var parameterSets = 0;
        for (var i = 6; i < parts.Length; i++)
        {
            if (parts[i].StartsWith("F=0x", StringComparison.Ordinal))
            {
                keyframe = int.TryParse(parts[i].AsSpan(4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags) && (flags & 1) != 0;
            }
            else if (parts[i].StartsWith("S=", StringComparison.Ordinal))
            {
                foreach (var sideData in parts.AsSpan(i + 1))
                {
                    if (int.TryParse(sideData, NumberStyles.None, CultureInfo.InvariantCulture, out var sideDataSize))
                    {
                        producerTime |= sideDataSize == ProducerTimeSize;
                        parameterSets = sideDataSize == ProducerTimeSize ? parameterSets : sideDataSize;
                    }
                }

                break;
            }
        }

        packet = new FramePacket(stream, dts, pts, duration, size, keyframe, producerTime, parameterSets);
        return true;
    }

    /// <summary>Reads a <c>#tb N: NUM/DEN</c> header line.</summary>
    public static bool TryParseTimeBase(string line, out int streamIndex, out long numerator, out long denominator)
    {
        streamIndex = 0;
        numerator = 0;
        denominator = 0;
        if (line is null || !line.StartsWith("#tb ", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var slash = line.IndexOf('/', StringComparison.Ordinal);
        return colon > 4 && slash > colon
            && int.TryParse(line.AsSpan(4, colon - 4), NumberStyles.None, CultureInfo.InvariantCulture, out streamIndex)
            && long.TryParse(line.AsSpan(colon + 1, slash - colon - 1), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out numerator)
            && long.TryParse(line.AsSpan(slash + 1), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out denominator)
            && numerator > 0 && denominator > 0;
    }
}
