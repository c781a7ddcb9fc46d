using Cvr.Contracts.Json;

namespace Cvr.Uploader;

/// <summary>The <c>Uploader</c> configuration section.</summary>
public sealed class UploaderOptions
{
    public const string Section = "Uploader";

    /// <summary>Uploads in flight at once.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How often the sealed/ folders are read again, in case an announcement was missed.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after the store was unreachable.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on that wait.</summary>
    public TimeSpan RetryMaximumDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an asset keeps its recording when its asset sink does not say (retentionPeriod), ISO 8601
    /// (P30D) or d.hh:mm:ss; empty (the default) keeps it for ever. At least a minute.
    /// </summary>
    public string? RetentionPeriod { get; set; }

    /// <summary>How often retention is applied.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long uploaded copies are kept in the cache for local playback (within the cache cap), as RetentionPeriod; empty: as long as the cap allows.</summary>
    public string? LocalRetentionPeriod { get; set; }

    /// <summary><see cref="RetentionPeriod"/> read; null for ever.</summary>
    public TimeSpan? DefaultRetention => IsoDuration.TryParseSetting(RetentionPeriod, out var period) ? period : null;

    /// <summary><see cref="LocalRetentionPeriod"/> read; null as long as the cap allows.</summary>
    public TimeSpan? LocalRetention => IsoDuration.TryParseSetting(LocalRetentionPeriod, out var period) ? period : null;

    /// <summary>
    /// The free space kept on every disk Cvr writes (cache, data, folder asset store); below it, space is
    /// freed (see VolumeGuard). Null: a tenth of the disk, at most 2 GiB.
    /// </summary>
    public long? MinimumFreeSpaceMiB { get; set; }

    /// <summary>How often free space is looked at.</summary>
    public TimeSpan DiskCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
