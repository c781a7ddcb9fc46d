using System.Buffers.Binary;

namespace Cvr.Media.Mp4;

/// <summary>
/// Reads the structure of a fragmented MP4 file without reading its media: box headers are read and
/// mdat payloads skipped, so indexing a segment costs a few kilobytes of I/O. Every track is read
/// (video and audio, in whatever order the moov lists them); times come from the video track.
/// </summary>
public static class FragmentedMp4Reader
{
    // moov and moof are small (kilobytes); a larger one means the file is not what we wrote.
    private const long MaxMetadataBox = 16 * 1024 * 1024;
    /// <summary>Trailing zero bytes that mark a fragment as torn: more than any start code leaves behind.</summary>
    private const int ZeroTail = 8;

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
        IReadOnlyList<Mp4Track> tracks = [];
        var fragments = new List<Mp4Fragment>();
        IReadOnlyList<TrackFragmentData> lastFragmentData = [];
        long initSize = 0;
        long complete = 0;
        long offset = 0;
        ProducerReference? pendingProducer = null;
        long? pendingStart = null;
        OpenFragment? openMoof = null;

        // A box that ends past the file's end is where the writer stopped: torn.
        while (await Mp4BoxHeader.ReadAsync(stream, offset, length, cancellationToken).ConfigureAwait(false) is { } box && box.End <= length)
        {
            switch (box.Type)
            {
                case "moov":
                    tracks = MovieBoxReader.ReadTracks(await ReadBoxAsync(stream, box, cancellationToken).ConfigureAwait(false));
                    initSize = box.End;
                    complete = box.End;
                    break;
                case "prft":
                    pendingProducer = ReadPrft(await ReadBoxAsync(stream, box, cancellationToken).ConfigureAwait(false));
                    pendingStart = box.Offset;
                    break;
                case "moof":
                    var moof = await ReadBoxAsync(stream, box, cancellationToken).ConfigureAwait(false);
                    openMoof = ReadMoof(moof, box.Offset, pendingStart ?? box.Offset, pendingProducer, tracks);
                    pendingProducer = null;
                    pendingStart = null;
                    break;
                case "mdat" when openMoof is not null:
                    if (!openMoof.HoldsItsSamples(box))
                    {
                        // Some track's samples are not all in this mdat: the fragment is not complete for every track.
                        return Index(initSize, tracks, fragments, complete, length);
                    }

                    fragments.Add(openMoof.ToFragment(box.End, tracks));
                    lastFragmentData = openMoof.Tracks!;
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

        if (fragments.Count > 0 && await EndsInZerosAsync(stream, lastFragmentData, cancellationToken).ConfigureAwait(false))
        {
            complete = fragments[^1].Offset;
            fragments.RemoveAt(fragments.Count - 1);
        }

        return Index(initSize, tracks, fragments, complete, length);
    }

    private static Mp4SegmentIndex Index(long initSize, IReadOnlyList<Mp4Track> tracks, List<Mp4Fragment> fragments, long complete, long length)
    {
        var timescales = new Dictionary<uint, uint>();
        foreach (var track in tracks)
        {
            timescales[track.TrackId] = track.Timescale;
        }

        return new Mp4SegmentIndex(initSize, timescales, fragments, complete, length) { Tracks = tracks };
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

    /// <summary>
    /// Whether a track's samples in the fragment end in zeros. A power cut can leave a file whose length
    /// reached the disk but whose last bytes did not: zeros, mdat and all, where the fragment's end should
    /// be. The last byte of an H.264 or H.265 NAL unit is never zero (ISO/IEC 14496-10 §7.4.1, 23008-2
    /// §7.4.2), nor is that of an AAC frame (its ID_END bits are ones); but a camera may send a NAL unit
    /// with the zero byte of the next start code still attached (GStreamer's H.265 payloader does), so
    /// only a run of <see cref="ZeroTail"/> zeros counts as torn.
    /// </summary>
    private static async Task<bool> EndsInZerosAsync(Stream stream, IReadOnlyList<TrackFragmentData> tracks, CancellationToken cancellationToken)
    {
        var tail = new byte[ZeroTail];
        foreach (var track in tracks.Where(t => t.DataEnd > t.DataStart))
        {
            var length = (int)Math.Min(ZeroTail, track.DataEnd - track.DataStart);
            stream.Position = track.DataEnd - length;
            await stream.ReadExactlyAsync(tail.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (!tail.AsSpan(0, length).ContainsAnyExcept((byte)0))
            {
                return true;
            }
        }

        return false;
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
        return new ProducerReference(wallClock, mediaTime) { TrackId = BinaryPrimitives.ReadUInt32BigEndian(p[4..]) };
    }

    private static OpenFragment ReadMoof(ReadOnlyMemory<byte> moof, long moofStart, long start, ProducerReference? producer, IReadOnlyList<Mp4Track> tracks)
    {
        var trafs = new List<TrackFragmentData>();
        var dataEnd = moofStart;
        foreach (var (header, traf) in Mp4BoxHeader.Children(moof[8..]))
        {
            if (header.Type != "traf")
            {
                continue;
            }

            if (TrackFragmentReader.Read(traf[header.HeaderSize..], moofStart, dataEnd, tracks) is not { } data)
            {
                return new OpenFragment(start, null, producer);
            }

            trafs.Add(data);
            dataEnd = data.DataEnd;
        }

        return new OpenFragment(start, trafs, producer);
    }

    /// <summary>A moof read, waiting for its mdat.</summary>
    /// <param name="Tracks">Its trafs; null when one was malformed.</param>
    private sealed record OpenFragment(long Start, IReadOnlyList<TrackFragmentData>? Tracks, ProducerReference? Producer)
    {
        public bool HoldsItsSamples(Mp4BoxHeader mdat) =>
            Tracks is not null && Tracks.All(t => t.DataEnd == t.DataStart || (t.DataStart >= mdat.PayloadOffset && t.DataEnd <= mdat.End));

        public Mp4Fragment ToFragment(long end, IReadOnlyList<Mp4Track> tracks)
        {
            var timings = Tracks!.Select(t => t.Timing).ToList();
            var video = tracks.FirstOrDefault(t => t.IsVideo)?.TrackId;
            var timing = timings.FirstOrDefault(t => t.TrackId == video) ?? timings.FirstOrDefault() ?? new Mp4TrackFragment(0, 0, 0);
            return new Mp4Fragment(Start, end, timing.TrackId, timing.BaseMediaDecodeTime, timing.Duration, Producer) { Tracks = timings };
        }
    }
}
