using System.Globalization;

namespace Cvr.Media.Cache;

/// <summary>
/// One line of ffmpeg's live CSV segment list (<c>file,start,end</c>, times in seconds of stream time).
/// ffmpeg appends the line only after it closed the file, so a listed file is complete.
/// </summary>
public sealed record SegmentListEntry(string FileName, long Sequence, TimeSpan Start, TimeSpan End)
{
    public static bool TryParse(string line, out SegmentListEntry? entry)
    {
        entry = null;
        var parts = line?.Trim().Split(',');
        if (parts is not { Length: 3 }
            || !SessionSegmentName.TryParse(parts[0], out var sequence)
            || !decimal.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
            || !decimal.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end))
        {
            return false;
        }

        entry = new SegmentListEntry(parts[0], sequence, ToTimeSpan(start), ToTimeSpan(end));
        return true;
    }

    public static async Task<IReadOnlyList<SegmentListEntry>> ReadAllAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<SegmentListEntry>();
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        // The last line may be half-written while ffmpeg appends; only newline-terminated lines count.
        var lastNewline = text.LastIndexOf('\n');
        foreach (var line in text[..(lastNewline + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(line, out var entry))
            {
                entries.Add(entry!);
            }
        }

        return entries;
    }

    private static TimeSpan ToTimeSpan(decimal seconds) => TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
}
