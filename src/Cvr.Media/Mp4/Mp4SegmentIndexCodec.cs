namespace Cvr.Media.Mp4;

/// <summary>
/// A compact binary form of an <see cref="Mp4SegmentIndex"/>: what serving a segment's init section and
/// fragments needs (sizes, tracks with their handlers and timescales, every fragment's byte range and
/// per-track decode times), so that it is read once and kept, not parsed again on every request. Sample
/// descriptions (codecs, picture size) and prft boxes are left out: the segment's descriptor carries
/// its media. Integers are 7-bit encoded and fragment offsets are stored as the gap after the previous
/// fragment, so an index of a 30 s segment with a fragment per second takes a few hundred bytes.
/// </summary>
public static class Mp4SegmentIndexCodec
{
    private const byte Version = 1;

    public static byte[] Encode(Mp4SegmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt64(index.InitializationSize);
            writer.Write7BitEncodedInt64(index.CompleteLength);
            writer.Write7BitEncodedInt64(index.FileLength);
            writer.Write7BitEncodedInt(index.Tracks.Count);
            foreach (var track in index.Tracks)
            {
                writer.Write7BitEncodedInt64(track.TrackId);
                writer.Write(track.Handler);
                writer.Write7BitEncodedInt64(track.Timescale);
            }

            writer.Write7BitEncodedInt(index.Fragments.Count);
            var previousEnd = index.InitializationSize;
            foreach (var fragment in index.Fragments)
            {
                writer.Write7BitEncodedInt64(fragment.Offset - previousEnd);
                writer.Write7BitEncodedInt64(fragment.End - fragment.Offset);
                writer.Write7BitEncodedInt64(fragment.TrackId);
                writer.Write7BitEncodedInt(fragment.Tracks.Count);
                foreach (var track in fragment.Tracks)
                {
                    writer.Write7BitEncodedInt64(track.TrackId);
                    writer.Write7BitEncodedInt64(checked((long)track.BaseMediaDecodeTime));
                    writer.Write7BitEncodedInt64(checked((long)track.Duration));
                    writer.Write7BitEncodedInt64(track.SampleCount);
                }

                previousEnd = fragment.End;
            }
        }

        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not an index this codec wrote.</exception>
    public static Mp4SegmentIndex Decode(ReadOnlySpan<byte> data)
    {
        using var buffer = new MemoryStream(data.ToArray(), writable: false);
        using var reader = new BinaryReader(buffer);
        try
        {
            if (reader.ReadByte() != Version)
            {
                throw new InvalidDataException("The segment index was written by another version of Cvr.");
            }

            var initializationSize = reader.Read7BitEncodedInt64();
            var completeLength = reader.Read7BitEncodedInt64();
            var fileLength = reader.Read7BitEncodedInt64();
            var tracks = new Mp4Track[reader.Read7BitEncodedInt()];
            for (var t = 0; t < tracks.Length; t++)
            {
                tracks[t] = new Mp4Track((uint)reader.Read7BitEncodedInt64(), reader.ReadString(), (uint)reader.Read7BitEncodedInt64(), "", null, null, null, null, null, 0, 0);
            }

            var fragments = new Mp4Fragment[reader.Read7BitEncodedInt()];
            var previousEnd = initializationSize;
            for (var f = 0; f < fragments.Length; f++)
            {
                fragments[f] = ReadFragment(reader, previousEnd);
                previousEnd = fragments[f].End;
            }

            return new Mp4SegmentIndex(initializationSize, tracks.ToDictionary(t => t.TrackId, t => t.Timescale), fragments, completeLength, fileLength) { Tracks = tracks };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The segment index is cut short.", e);
        }
    }

    private static Mp4Fragment ReadFragment(BinaryReader reader, long previousEnd)
    {
        var offset = previousEnd + reader.Read7BitEncodedInt64();
        var end = offset + reader.Read7BitEncodedInt64();
        var timingTrack = (uint)reader.Read7BitEncodedInt64();
        var tracks = new Mp4TrackFragment[reader.Read7BitEncodedInt()];
        for (var t = 0; t < tracks.Length; t++)
        {
            tracks[t] = new Mp4TrackFragment((uint)reader.Read7BitEncodedInt64(), (ulong)reader.Read7BitEncodedInt64(), (ulong)reader.Read7BitEncodedInt64(), reader.Read7BitEncodedInt64());
        }

        var timing = tracks.FirstOrDefault(t => t.TrackId == timingTrack) ?? new Mp4TrackFragment(timingTrack, 0, 0);
        return new Mp4Fragment(offset, end, timingTrack, timing.BaseMediaDecodeTime, timing.Duration, null) { Tracks = tracks };
    }
}
