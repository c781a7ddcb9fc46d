namespace Cvr.Testing;

/// <summary>One stream as ffprobe describes it; <paramref name="Clock"/> is its timestamps' ticks per second.</summary>
public sealed record ProbedStream(int Index, string CodecType, string CodecName, int Width, int Height, int SampleRate, int Channels, int Clock, double StartTime, string CodecTag = "");
