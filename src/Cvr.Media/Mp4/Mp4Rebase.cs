using System.Buffers.Binary;
using Cvr.Media.Files;

namespace Cvr.Media.Mp4;

/// <summary>
/// Moves a segment's decode times, in place, so that it starts at zero: its earliest track (the video,
/// or in a session's first segment the audio that arrived before the first keyframe) at zero, every other
/// track keeping its place against it. The recorder has ffmpeg keep each track's session times (ffmpeg
/// 5.1 would otherwise restart every track at zero in each file and slide the audio by up to a frame
/// against the video at every cut); stored segments start at zero as players and tools expect of a file.
/// Only tfdt and prft values change, in boxes of unchanged size; a segment already at zero is not
/// touched, so sealing twice (after a crash) changes nothing.
/// </summary>
public static class Mp4Rebase
{
    /// <returns>How far the segment's times moved back (zero when it already started at zero).</returns>
    public static async Task<TimeSpan> ToZeroAsync(string path, CancellationToken cancellationToken)
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(path, cancellationToken).ConfigureAwait(false);
        var start = EarliestStart(index);
        if (start <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            foreach (var fragment in index.Fragments)
            {
                var position = fragment.Offset;
                while (position < fragment.End && await Mp4BoxHeader.ReadAsync(file, position, index.CompleteLength, cancellationToken).ConfigureAwait(false) is { } box)
                {
                    if (box.Type is "prft" or "moof")
                    {
                        var bytes = new byte[box.Size];
                        file.Position = box.Offset;
                        await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                        if (box.Type == "moof")
                        {
                            FragmentTimeShifter.Shift(bytes, index.Timescales, -start);
                        }
                        else
                        {
                            ShiftPrft(bytes.AsSpan(box.HeaderSize), index.Timescales, start);
                        }

                        file.Position = box.Offset;
                        await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    }

                    position = box.Type == "moof" ? fragment.End : box.End;
                }
            }
        }

        DurableFile.Flush(path);
        return start;
    }

    /// <summary>When the segment's earliest track starts, by the tracks' first tfdts.</summary>
    public static TimeSpan EarliestStart(Mp4SegmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var starts = index.Timescales
            .Where(track => track.Value > 0 && index.FirstDecodeTime(track.Key) is not null)
            .Select(track => TimeSpan.FromTicks((long)Math.Round(index.FirstDecodeTime(track.Key)!.Value * (double)TimeSpan.TicksPerSecond / track.Value)))
            .ToList();
        return starts.Count == 0 ? TimeSpan.Zero : starts.Min();
    }

    /// <summary>prft: version, flags, reference track, NTP time, then the media time (32 bits in version 0, 64 in 1).</summary>
    private static void ShiftPrft(Span<byte> payload, IReadOnlyDictionary<uint, uint> timescales, TimeSpan back)
    {
        if (payload.Length < 20 || !timescales.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(payload[4..]), out var scale))
        {
            return;
        }

        var units = (Int128)Math.Round(back.Ticks * (double)scale / TimeSpan.TicksPerSecond);
        var media = payload[16..];
        if (payload[0] == 1 && media.Length >= 8)
        {
            var value = BinaryPrimitives.ReadUInt64BigEndian(media) - units;
            BinaryPrimitives.WriteUInt64BigEndian(media, value <= 0 ? 0 : (ulong)value);
        }
        else
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(media) - units;
            BinaryPrimitives.WriteUInt32BigEndian(media, value <= 0 ? 0 : (uint)value);
        }
    }
}
