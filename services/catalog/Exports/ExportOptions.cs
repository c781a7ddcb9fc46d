namespace Cvr.Catalog.Exports;

/// <summary>Settings of export jobs (<c>Catalog:Exports</c>).</summary>
public sealed class ExportOptions
{
    public const string Section = "Catalog:Exports";

    /// <summary>Where jobs and their clips are kept; default <c>{data}/exports</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>How long a finished job's clip stays for download (default 24 h).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The free space an export leaves on its disk, in MiB; default the recording's floor (a tenth of the
    /// disk, at most 2 GiB): an export never takes space the recording needs.
    /// </summary>
    public long? MinimumFreeSpaceMiB { get; set; }

    /// <summary>How many clips are made at once (each an ffmpeg stream copy, bound by disk speed).</summary>
    public int Concurrency { get; set; } = 1;
}
