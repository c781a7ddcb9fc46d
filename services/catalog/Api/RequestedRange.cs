using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Cvr.Platform.Hosting;

namespace Cvr.Catalog.Api;

/// <summary>
/// The [start, end) a request names in its query: either bound may be omitted (then the earliest or
/// latest time there is). Parsed in this one place for every endpoint that takes a range.
/// </summary>
internal static class RequestedRange
{
    /// <summary>The range, or a 400 naming the field that is not a time (or end when it is not after start).</summary>
    public static (DateTimeOffset From, DateTimeOffset To, ValidationProblem? Problem) Parse(string? start, string? end)
    {
        DateTimeOffset from = DateTimeOffset.MinValue, to = DateTimeOffset.MaxValue;
        if (start is not null && !TryParseTime(start, out from))
        {
            return (from, to, Problems.Invalid("start", $"start must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z; '{start}' is not."));
        }

        if (end is not null && !TryParseTime(end, out to))
        {
            return (from, to, Problems.Invalid("end", $"end must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z; '{end}' is not."));
        }

        return from >= to ? (from, to, Problems.Invalid("end", "end must be later than start.")) : (from, to, null);
    }

    /// <summary>A time as the API writes it in URLs: UTC, to the 100-ns tick.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // An unencoded "+00:00" arrives as " 00:00"; ISO 8601 has no spaces, so a space can only be a lost '+'.
    public static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
