namespace Cvr.Testing;

/// <summary>What ffprobe read from a stream or a file: its streams and their packets, in the order read.</summary>
public sealed record ProbedMedia(IReadOnlyList<ProbedStream> Streams, IReadOnlyList<ProbedPacket> Packets)
{
    public ProbedStream Stream(string codecType) => Streams.Single(s => s.CodecType == codecType);

    public IReadOnlyList<ProbedPacket> PacketsOf(ProbedStream stream) => [.. Packets.Where(p => p.StreamIndex == stream.Index)];

    /// <summary>The steps between consecutive timestamps of a stream, in its ticks (packets without one skipped).</summary>
    public IReadOnlyList<long> Steps(ProbedStream stream)
    {
        var stamps = PacketsOf(stream).Where(p => p.Pts is not null).Select(p => p.Pts!.Value).ToList();
        return [.. stamps.Zip(stamps.Skip(1), (a, b) => b - a)];
    }

    /// <summary>
    /// When a stream's first packet is due, in seconds: its first timestamp, or for a video whose first packets
    /// have none (ffmpeg's RTSP client leaves the first frame unstamped), the first one less a frame per packet before it.
    /// </summary>
    public double FirstTime(ProbedStream stream, double frameSeconds)
    {
        var packets = PacketsOf(stream);
        var first = packets.Select((p, i) => (p.Pts, i)).First(x => x.Pts is not null);
        return ((double)first.Pts!.Value / stream.Clock) - (first.i * frameSeconds);
    }
}
