using System.Globalization;
using Cvr.Catalog.Clips;
using Cvr.Media.Files;

namespace Cvr.Catalog.Exports;

/// <summary>
/// Whether an export's clip fits on its disk without eating into the space kept for recording: a clip is
/// about as big as the segments it copies, and exports are made again at will, recordings never.
/// </summary>
public static class ExportSpace
{
    private const double MiB = 1024 * 1024;

    /// <summary>Why the clip does not fit, or null when it does.</summary>
    public static string? Refusal(ClipPlan plan, Volume volume, long? minimumFreeSpaceMiB)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var needed = plan.Parts.Sum(p => p.Segment.SizeBytes);
        var floor = volume.FloorBytes(minimumFreeSpaceMiB);
        return volume.FreeBytes - needed >= floor
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Not enough free disk for this clip: it needs about {needed / MiB:0} MiB, {volume.FreeBytes / MiB:0} MiB are free and {floor / MiB:0} MiB of them are kept for recording.");
    }
}
