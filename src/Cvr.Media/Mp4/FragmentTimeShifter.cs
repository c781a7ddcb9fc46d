using System.Buffers.Binary;

namespace Cvr.Media.Mp4;

/// <summary>
/// Streams the fragments of a segment (everything after its init section) moved onto the timeline of
/// an HLS run. A stored segment starts at zero (its first keyframe, or in a session's first segment the
/// audio that came before it; every track in its place against the others); a player of a run needs one continuous timeline, so the catalog moves
/// each segment so that its video starts at its distance from the run's start, plus <see cref="RunLead"/>.
/// Every track moves by the same time, each counted in its own timescale, so audio stays with video. Only
/// the small moof boxes are touched; mdat is copied through, and the stored file never changes.
/// </summary>
public static class FragmentTimeShifter
{
    private const int CopyBuffer = 64 * 1024;

    /// <summary>
    /// Where a run's timeline starts: a session's first segment may hold audio from before its first
    /// keyframe, which must not go below zero when the video is put at the run's start.
    /// </summary>
    public static readonly TimeSpan RunLead = TimeSpan.FromSeconds(1);

    /// <param name="source">A seekable segment stream.</param>
    /// <param name="index">The segment's index (init size and timescales).</param>
    /// <param name="offset">Where the segment's video starts in the run (its distance from the run's first segment).</param>
    public static Task CopyShiftedAsync(Stream source, Mp4SegmentIndex index, TimeSpan offset, Stream destination, CancellationToken cancellationToken) =>
        CopyShiftedAsync(source, index, offset, index?.InitializationSize ?? 0, destination, cancellationToken);

    /// <summary>As the other overload, from one fragment on (a clip starts at the keyframe before its start).</summary>
    /// <param name="from">Where the first fragment copied starts (<see cref="Mp4Fragment.Offset"/>), at or after the init section.</param>
    public static async Task CopyShiftedAsync(Stream source, Mp4SegmentIndex index, TimeSpan offset, long from, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(from, index.InitializationSize);
        var shift = offset + RunLead - TimingStart(index);
        var end = index.CompleteLength;
        var position = from;
        var buffer = new byte[CopyBuffer];
        while (position < end && await Mp4BoxHeader.ReadAsync(source, position, end, cancellationToken).ConfigureAwait(false) is { } box)
        {
            source.Position = box.Offset;
            if (box.Type == "moof")
            {
                var moof = new byte[box.Size];
                await source.ReadExactlyAsync(moof, cancellationToken).ConfigureAwait(false);
                Shift(moof, index.Timescales, shift);
                await destination.WriteAsync(moof, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CopyRangeAsync(source, destination, box.Size, buffer, cancellationToken).ConfigureAwait(false);
            }

            position = box.End;
        }
    }

    /// <summary>Bytes the shifted output will have: the file less its init section (sizes do not change).</summary>
    public static long OutputLength(Mp4SegmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.CompleteLength - index.InitializationSize;
    }

    /// <summary>When the segment's timing (video) track starts, by its first tfdt.</summary>
    public static TimeSpan TimingStart(Mp4SegmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.TimingTrackId is { } track && index.FirstDecodeTime(track) is { } first && index.Timescales.TryGetValue(track, out var scale) && scale > 0
            ? TimeSpan.FromTicks((long)Math.Round(first * (double)TimeSpan.TicksPerSecond / scale))
            : TimeSpan.Zero;
    }

    /// <summary>Adds the offset (in each track's timescale; it may be negative) to every tfdt inside the moof.</summary>
    public static void Shift(Span<byte> moof, IReadOnlyDictionary<uint, uint> timescales, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(timescales);
        var position = 8;
        while (position + 8 <= moof.Length)
        {
            var traf = Mp4BoxHeader.Parse(moof[position..], position);
            if (traf is null)
            {
                return;
            }

            if (traf.Value.Type == "traf")
            {
                ShiftTraf(moof.Slice(position, (int)traf.Value.Size), timescales, offset);
            }

            position += (int)traf.Value.Size;
        }
    }

    private static void ShiftTraf(Span<byte> traf, IReadOnlyDictionary<uint, uint> timescales, TimeSpan offset)
    {
        uint trackId = 0;
        var position = 8;
        while (position + 8 <= traf.Length)
        {
            var box = Mp4BoxHeader.Parse(traf[position..], position);
            if (box is null)
            {
                return;
            }

            var payload = traf.Slice(position + box.Value.HeaderSize, (int)box.Value.PayloadSize);
            if (box.Value.Type == "tfhd")
            {
                trackId = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
            }
            else if (box.Value.Type == "tfdt")
            {
                ShiftTfdt(payload, trackId, timescales, offset);
            }

            position += (int)box.Value.Size;
        }
    }

    /// <summary>Adds the offset to one track's decode time, counted in that track's own timescale (never below zero).</summary>
    private static void ShiftTfdt(Span<byte> tfdt, uint trackId, IReadOnlyDictionary<uint, uint> timescales, TimeSpan offset)
    {
        // Shifting one track and not another would put them out of sync: refuse instead.
        if (!timescales.TryGetValue(trackId, out var scale))
        {
            throw new InvalidDataException($"A fragment carries track {trackId}, which the segment's moov does not declare.");
        }

        var units = (long)Math.Round(offset.Ticks * (double)scale / TimeSpan.TicksPerSecond);
        if (tfdt[0] == 1)
        {
            var value = (Int128)BinaryPrimitives.ReadUInt64BigEndian(tfdt[4..]) + units;
            BinaryPrimitives.WriteUInt64BigEndian(tfdt[4..], value <= 0 ? 0 : (ulong)value);
        }
        else
        {
            // A 32-bit tfdt cannot grow in place (the moof's size and data offsets would change).
            var value = Math.Max(0, BinaryPrimitives.ReadUInt32BigEndian(tfdt[4..]) + units);
            BinaryPrimitives.WriteUInt32BigEndian(tfdt[4..], value <= uint.MaxValue
                ? (uint)value
                : throw new InvalidDataException($"Track {trackId}'s 32-bit decode time cannot be moved by {offset}."));
        }
    }

    private static async Task CopyRangeAsync(Stream source, Stream destination, long count, byte[] buffer, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The segment ended inside a box.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            count -= read;
        }
    }
}
