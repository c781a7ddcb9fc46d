namespace Cvr.Testing;

/// <summary>
/// The test camera's audio stream: a 440 Hz tone with a 1 kHz beep during the first 100 ms of every second
/// of stream time (tools/testcam/make-audio.sh), stamped from the same time zero as the video.
/// </summary>
public enum CameraAudio
{
    None,

    /// <summary>AAC-LC, 16 kHz mono, 32 kbit/s, RTP mpeg4-generic; an 8-s loop.</summary>
    Aac,

    /// <summary>G.711 µ-law (PCMU), 8 kHz mono, 20-ms packets; a 10-s loop.</summary>
    Pcmu,
}
