namespace Cvr.Ingest.Recording;

/// <summary>What becomes of a camera's audio in the recording.</summary>
public enum AudioHandling
{
    /// <summary>No audio: the camera sends none, or the output selectors ask for video only.</summary>
    None,

    /// <summary>AAC, kept by stream copy.</summary>
    Copy,

    /// <summary>A codec MP4 cannot carry as ffmpeg writes it (G.711 µ-law/A-law and other speech codecs): transcoded to AAC; the video stays stream copy.</summary>
    Transcode,

    /// <summary>A codec Cvr neither copies nor transcodes: the video is recorded without it, and a warning says so.</summary>
    NotStored,
}
