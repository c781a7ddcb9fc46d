namespace Cvr.Media.Cache;

/// <summary>Where a file sits in the cache's life cycle.</summary>
public enum CacheStage
{
    /// <summary>Being written (or left) by ffmpeg in an ingest session folder: never evicted.</summary>
    Ingest,

    /// <summary>Sealed, not yet uploaded: evicting it loses video.</summary>
    Sealed,

    /// <summary>Uploaded, kept only for local playback: evicted first.</summary>
    Uploaded,
}
