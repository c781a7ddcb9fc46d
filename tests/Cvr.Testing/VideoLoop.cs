namespace Cvr.Testing;

/// <summary>A video loop the test camera can serve: 25 fps, a keyframe every 2 s, 10 s long, no B-frames.</summary>
public enum VideoLoop
{
    /// <summary>H.264 main profile, 1280x720, 2 Mbit/s (the camera's default).</summary>
    H264,

    /// <summary>H.265 main profile, 1280x720, 2 Mbit/s.</summary>
    H265,

    /// <summary>H.264 main profile, 640x360, 600 kbit/s: the same camera after a change of resolution.</summary>
    H264At360p,

    /// <summary>Motion JPEG, 640x360, every frame a keyframe, 4 s long: what Cvr cannot record.</summary>
    Mjpeg,
}
