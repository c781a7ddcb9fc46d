using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Cvr.Platform.Hosting;

namespace Cvr.Catalog.Clips;

/// <summary>
/// What a clip is asked for with (<c>GET clip.mp4</c>, or an export job): the UTC range
/// [<paramref name="From"/>, <paramref name="To"/>), and whether gaps in it are left out (<c>gaps=skip</c>)
/// or refuse the clip.
/// </summary>
public sealed record ClipRequest(DateTimeOffset From, DateTimeOffset To, bool SkipGaps)
{
    /// <summary>The longest export job (AVA's limit for an MP4 export).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(24);

    /// <summary>The longest clip made while the request waits (<c>GET clip.mp4</c>); longer ones are export jobs.</summary>
    public static readonly TimeSpan MaxWaitedLength = TimeSpan.FromMinutes(10);

    public const string SkipGapsValue = "skip";

    public TimeSpan Length => To - From;

    /// <summary>The request, or a 400 naming the field that is wrong.</summary>
    /// <param name="maxLength"><see cref="MaxLength"/> or <see cref="MaxWaitedLength"/>.</param>
    /// <param name="longer">What to do for a longer clip, said with the refusal of one.</param>
    public static (ClipRequest? Request, ValidationProblem? Problem) Parse(string? start, string? end, string? gaps, TimeSpan maxLength, string longer)
    {
        if (!TryParseTime(start, out var from))
        {
            return (null, Problems.Invalid("start", TimeRule("start", start)));
        }

        if (!TryParseTime(end, out var to))
        {
            return (null, Problems.Invalid("end", TimeRule("end", end)));
        }

        if (to <= from)
        {
            return (null, Problems.Invalid("end", "end must be later than start."));
        }

        if (to - from > maxLength)
        {
            return (null, Problems.Invalid("end", $"This clip may be at most {Describe(maxLength)} long; {start} to {end} is {Describe(to - from)}. {longer}"));
        }

        if (gaps is not null && !string.Equals(gaps, SkipGapsValue, StringComparison.Ordinal))
        {
            return (null, Problems.Invalid("gaps", $"gaps must be '{SkipGapsValue}' (leave the gaps out of the clip) or left out (a gap refuses the clip); '{gaps}' is neither."));
        }

        return (new ClipRequest(from, to, gaps is not null), null);
    }

    private static string Describe(TimeSpan length) => length.TotalHours >= 1
        ? $"{length.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours"
        : $"{length.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes";

    private static string TimeRule(string field, string? value) => value is null
        ? $"{field} is required: an ISO 8601 UTC time such as 2026-01-01T00:00:00Z."
        : $"{field} must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z; '{value}' is not.";

    private static bool TryParseTime(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && Api.RequestedRange.TryParseTime(text, out value);
    }
}
