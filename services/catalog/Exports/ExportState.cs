namespace Cvr.Catalog.Exports;

/// <summary>Where an export job is in its life.</summary>
public enum ExportState
{
    /// <summary>Waiting for a free clip maker.</summary>
    Queued,

    /// <summary>ffmpeg is making the clip; <see cref="ExportJob.Progress"/> says how far.</summary>
    Running,

    /// <summary>The clip is ready to download until <see cref="ExportJob.ExpiresAt"/>.</summary>
    Completed,

    /// <summary>No clip: <see cref="ExportJob.Error"/> says why.</summary>
    Failed,

    /// <summary>The clip was deleted at <see cref="ExportJob.ExpiresAt"/>.</summary>
    Expired,
}
