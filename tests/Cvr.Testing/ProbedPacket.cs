namespace Cvr.Testing;

/// <summary>One packet as ffprobe read it: its stream, its timestamp in the stream's ticks (null when unset), keyframe or not.</summary>
public sealed record ProbedPacket(int StreamIndex, long? Pts, bool Keyframe);
