using System.Globalization;

namespace Cvr.Media.Cache;

/// <summary>
/// The one codec for segment file (and blob) names: <c>{start UTC}_{session}_{sequence}.mp4</c>, e.g.
/// <c>20261123T214000.120Z_20261123T213958456Z_000003.mp4</c>. Names sort by time.
/// </summary>
public static class SegmentFileName
{
    public const string Extension = ".mp4";
    private const string StartFormat = "yyyyMMdd'T'HHmmss'.'fff'Z'";
    private const string SessionFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    public static string Format(DateTimeOffset start, string sessionId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{start.UtcDateTime.ToString(StartFormat, CultureInfo.InvariantCulture)}_{sessionId}_{sequence:D6}{Extension}");

    public static bool TryParse(string fileName, out DateTimeOffset start, out string sessionId, out long sequence)
    {
        start = default;
        sessionId = string.Empty;
        sequence = 0;
        if (fileName is null || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = fileName[..^Extension.Length].Split('_');
        if (parts.Length != 3
            || !DateTime.TryParseExact(parts[0], StartFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            || !IsSessionId(parts[1])
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        start = new DateTimeOffset(parsed, TimeSpan.Zero);
        sessionId = parts[1];
        return true;
    }

    /// <summary>A session id is the UTC time the session started, to the millisecond: sortable and unique per stream.</summary>
    public static string NewSessionId(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString(SessionFormat, CultureInfo.InvariantCulture);

    public static bool IsSessionId(string value) =>
        DateTime.TryParseExact(value, SessionFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
}
