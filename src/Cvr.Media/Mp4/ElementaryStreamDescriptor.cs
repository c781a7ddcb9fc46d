namespace Cvr.Media.Mp4;

/// <summary>
/// What an mp4a sample entry's esds box says of the audio (ISO/IEC 14496-1 §7.2.6, 14496-3 §1.6.2.1).
/// The sample entry's own channel count and rate are templates (ffmpeg writes 2 channels for mono AAC);
/// the AudioSpecificConfig holds the real ones.
/// </summary>
/// <param name="ObjectType">The DecoderConfigDescriptor's objectTypeIndication: 0x40 for MPEG-4 audio.</param>
/// <param name="AudioObjectType">MPEG-4 audio: the AudioSpecificConfig's audio object type (2 for AAC-LC).</param>
/// <param name="SampleRate">MPEG-4 audio: its sampling frequency in Hz.</param>
/// <param name="Channels">MPEG-4 audio: its channel count; null when a program config element gives it.</param>
internal sealed record ElementaryStreamDescriptor(byte ObjectType, int? AudioObjectType, int? SampleRate, int? Channels)
{
    private static readonly int[] SamplingFrequencies = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <param name="esds">The esds box's payload.</param>
    /// <returns>Null when the box is too short or not what it should be.</returns>
    public static ElementaryStreamDescriptor? Read(ReadOnlySpan<byte> esds)
    {
        // version and flags, then an ES_Descriptor holding a DecoderConfigDescriptor holding a DecoderSpecificInfo.
        if (esds.Length < 4 || !TryDescriptor(esds[4..], 0x03, out var es) || es.Length < 3)
        {
            return null;
        }

        // ES_ID(16) flags(8), then the optional dependsOn_ES_ID(16), URL (length-prefixed) and OCR_ES_ID(16).
        var flags = es[2];
        var at = 3 + ((flags & 0x80) != 0 ? 2 : 0);
        if ((flags & 0x40) != 0)
        {
            at += es.Length > at ? 1 + es[at] : 1;
        }

        at += (flags & 0x20) != 0 ? 2 : 0;
        if (es.Length <= at || !TryDescriptor(es[at..], 0x04, out var config) || config.Length < 13)
        {
            return null;
        }

        // objectTypeIndication(8) streamType(6) upStream(1) reserved(1) bufferSizeDB(24) maxBitrate(32) avgBitrate(32)
        var objectType = config[0];
        return objectType == 0x40 && TryDescriptor(config[13..], 0x05, out var specific)
            ? AudioSpecificConfig(objectType, specific)
            : new ElementaryStreamDescriptor(objectType, null, null, null);
    }

    private static ElementaryStreamDescriptor AudioSpecificConfig(byte objectType, ReadOnlySpan<byte> config)
    {
        // audioObjectType(5, or 31 and 6 more: 32 + them) samplingFrequencyIndex(4, or 15 and 24 bits of Hz) channelConfiguration(4)
        var bits = new BitReader(config);
        var audioObjectType = bits.Read(5);
        if (audioObjectType == 31)
        {
            audioObjectType = 32 + bits.Read(6);
        }

        var frequencyIndex = bits.Read(4);
        int? rate = frequencyIndex == 15 ? bits.Read(24) : frequencyIndex < SamplingFrequencies.Length ? SamplingFrequencies[frequencyIndex] : null;
        int? channels = bits.Read(4) switch
        {
            var n and >= 1 and <= 6 => n,
            7 or 12 or 14 => 8,
            11 => 7,
            13 => 24,
            _ => null,
        };
        return bits.Overrun
            ? new ElementaryStreamDescriptor(objectType, null, null, null)
            : new ElementaryStreamDescriptor(objectType, audioObjectType, rate, channels);
    }

    /// <summary>The payload of the descriptor with the given tag at the start of <paramref name="data"/> (ISO/IEC 14496-1 §8.3.3).</summary>
    private static bool TryDescriptor(ReadOnlySpan<byte> data, byte tag, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (data.Length < 2 || data[0] != tag)
        {
            return false;
        }

        // The size takes 1 to 4 bytes of 7 bits each; the top bit says another follows.
        var size = 0;
        for (var at = 1; at < data.Length && at <= 4; at++)
        {
            size = (size << 7) | (data[at] & 0x7F);
            if ((data[at] & 0x80) == 0)
            {
                if (size > data.Length - at - 1)
                {
                    return false;
                }

                payload = data.Slice(at + 1, size);
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads big-endian bit fields; past the end it reads zeros and says so.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool Overrun => _position > _data.Length * 8;

        public int Read(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++, _position++)
            {
                var bit = _position < _data.Length * 8 ? (_data[_position / 8] >> (7 - (_position % 8))) & 1 : 0;
                value = (value << 1) | bit;
            }

            return value;
        }
    }
}
