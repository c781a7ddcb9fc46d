namespace Cvr.Uploader;

/// <summary>How one upload attempt ended.</summary>
public enum UploadOutcome
{
    /// <summary>In the store (now or before).</summary>
    Uploaded,

    /// <summary>The cached file is gone (evicted) before it could be uploaded.</summary>
    Gone,

    /// <summary>A different blob of that name exists; never overwritten.</summary>
    Conflict,
}
