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
}
