namespace Cvr.Uploader;

/// <summary>One stream's cache, as GET /api/cache reports it.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="AssetName">Its asset.</param>
/// <param name="CapacityBytes">localMediaCacheMaximumSizeMiB in bytes.</param>
/// <param name="UsedBytes">Everything under the cache path now.</param>
/// <param name="PendingUploadBytes">Sealed segments not uploaded yet (and what ffmpeg is writing).</param>
/// <param name="PendingUploadSegments">Sealed segments not uploaded yet.</param>
/// <param name="BitsPerSecond">The stream's recent bitrate, from its last sealed segments.</param>
/// <param name="OutageHeadroomSeconds">How long an outage of the asset store the cache can still absorb at that bitrate before it must drop video.</param>
/// <param name="EvictedSegments">Segments dropped unuploaded since this process started.</param>
/// <param name="EvictedBytes">Their bytes.</param>
/// <param name="UploadLagSeconds">Age of the oldest sealed segment not uploaded yet (since its start); null when there is none.</param>
public sealed record CacheStatus(
    string StreamId,
    string AssetName,
    long CapacityBytes,
    long UsedBytes,
    long PendingUploadBytes,
    int PendingUploadSegments,
    double? BitsPerSecond,
    double? OutageHeadroomSeconds,
    long EvictedSegments,
    long EvictedBytes,
    double? UploadLagSeconds);
