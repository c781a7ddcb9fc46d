using System.Globalization;
using System.Text;
using Cvr.Contracts.Events;

namespace Cvr.Media.Cache;

/// <summary>
/// One line of a session's <c>timing.csv</c>: the ingest's UTC times for a segment ffmpeg listed, and how
/// they were obtained. <c>seq,mediaStart,mediaEnd,start,end,source,errorMs,driftPpm</c> (media times in
/// seconds of the session's stream time, UTC times ISO 8601; an unknown error or drift is empty).
/// The ingest appends a line as soon as ffmpeg lists the segment; the segmenter seals what is timed.
/// </summary>
public sealed record SegmentTiming(long Sequence, TimeSpan MediaStart, TimeSpan MediaEnd, DateTimeOffset Start, DateTimeOffset End, SegmentClock Clock)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public string Format()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Sequence},{Seconds(MediaStart)},{Seconds(MediaEnd)},");
        text.Append(CultureInfo.InvariantCulture, $"{Start.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)},{End.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)},");
        text.Append(CultureInfo.InvariantCulture, $"{Clock.Source},{Number(Clock.ErrorMs)},{Number(Clock.DriftPpm)}");
        return text.ToString();
    }

    public static bool TryParse(string line, out SegmentTiming? timing)
    {
        timing = null;
        var parts = line?.Trim().Split(',');
        if (parts is not { Length: 8 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !decimal.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var mediaStart)
            || !decimal.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var mediaEnd)
            || !DateTime.TryParseExact(parts[3], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            || !DateTime.TryParseExact(parts[4], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end)
            || !Enum.TryParse<ClockSource>(parts[5], ignoreCase: false, out var source) || !Enum.IsDefined(source)
            || !TryNumber(parts[6], out var error)
            || !TryNumber(parts[7], out var drift))
        {
            return false;
        }

        timing = new SegmentTiming(
            sequence,
            TimeSpan.FromTicks((long)decimal.Round(mediaStart * TimeSpan.TicksPerSecond)),
            TimeSpan.FromTicks((long)decimal.Round(mediaEnd * TimeSpan.TicksPerSecond)),
            new DateTimeOffset(start, TimeSpan.Zero),
            new DateTimeOffset(end, TimeSpan.Zero),
            new SegmentClock(source, error, drift));
        return true;
    }

    /// <summary>Every complete (newline-terminated) line of the file; none if it does not exist.</summary>
    public static async Task<IReadOnlyList<SegmentTiming>> ReadAllAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var timings = new List<SegmentTiming>();
        foreach (var line in text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(line, out var timing))
            {
                timings.Add(timing!);
            }
        }

        return timings;
    }

    /// <summary>Appends this line to the file in one write.</summary>
    public Task AppendToAsync(string path, CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(path, Format() + "\n", cancellationToken);

    private static string Seconds(TimeSpan time) => (time.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.0######", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value?.ToString("0.0##", CultureInfo.InvariantCulture) ?? string.Empty;

    private static bool TryNumber(string text, out double? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
