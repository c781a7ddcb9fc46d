namespace Cvr.Bench;

/// <summary>When a scenario counts as recording, so that the warm-up can start.</summary>
internal enum ReadyWhen
{
    /// <summary>Every recorder has created its first segment file (connected and writing).</summary>
    FirstFile,

    /// <summary>
    /// Every recorder has closed its first segment (bare: ffmpeg has opened the second file; cvr: the
    /// first segment is sealed and uploaded). The first pass through the once-per-segment code paths
    /// (and their JIT compilation in the host) then falls before the window, not in it.
    /// </summary>
    FirstSegment,
}
