namespace Cvr.Platform.Storage;

/// <summary>What an upload did.</summary>
public enum AssetUploadResult
{
    /// <summary>The blob was written by this call.</summary>
    Created,

    /// <summary>The blob was already there with the same hash (an earlier attempt got through).</summary>
    AlreadyPresent,
}
