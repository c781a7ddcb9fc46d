namespace Cvr.Testing;

/// <summary>One decoded video frame: its timestamp in the stream's ticks (null when unset) and its size.</summary>
public sealed record ProbedFrame(long? Pts, int Width, int Height, bool Keyframe);
