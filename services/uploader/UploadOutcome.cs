namespace Cvr.Uploader;

/// <summary>How one upload attempt ended.</summary>
public enum UploadOutcome
{
    /// <summary>In the store (now or before).</summary>
    Uploaded,

    /// <summary>The cached file is gone (evicted) before it could be uploaded.</summary>
    Gone,

    /// <summary>A different blob of that name was already stored; it stands, and the local copy is gone.</summary>
    Conflict,

    /// <summary>The cached file no longer matches its manifest's hash: it must not be uploaded.</summary>
    Corrupt,
}
