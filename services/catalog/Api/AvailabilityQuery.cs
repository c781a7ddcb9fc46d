using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Cvr.Platform.Hosting;

namespace Cvr.Catalog.Api;

/// <summary>
/// The span and precision of an availableMedia request. With a precision, start and end may be given at
/// it (<c>2026</c>, <c>2026-11</c>, <c>2026-11-05</c>) and then both name whole periods (end included, as
/// AVA read them), and the span is bounded as AVA bounded it: 12 months at month precision, 31 days at
/// day precision, 25 hours at full. Without one, Cvr's own listing of ranges and gaps, paged.
/// </summary>
public sealed record AvailabilityQuery(DateTimeOffset From, DateTimeOffset To, AvailabilityPrecision? Precision)
{
    public static readonly TimeSpan FullLimit = TimeSpan.FromHours(25);
    public static readonly TimeSpan DayLimit = TimeSpan.FromDays(31);
    public const int MonthLimit = 12;

    private static readonly string[] Periods = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];

    /// <summary>The query, or the 400 that names what is wrong with it.</summary>
    public static (AvailabilityQuery? Query, ValidationProblem? Problem) Parse(string? start, string? end, string? precision)
    {
        AvailabilityPrecision? level = null;
        if (precision is not null)
        {
            if (!Enum.TryParse<AvailabilityPrecision>(precision, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(precision, out _))
            {
                return (null, Problems.Invalid("precision", $"precision must be year, month, day or full; '{precision}' is not."));
            }

            level = parsed;
            if (parsed != AvailabilityPrecision.Year && (start is null || end is null))
            {
                return (null, Problems.Invalid(start is null ? "start" : "end", $"precision={Name(parsed)} needs both start and end."));
            }
        }

        DateTimeOffset from = DateTimeOffset.MinValue, to = DateTimeOffset.MaxValue;
        if (start is not null && !TryParse(start, isEnd: false, out from))
        {
            return (null, Problems.Invalid("start", $"start must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z (or a year, month or day: 2026, 2026-01, 2026-01-01); '{start}' is not."));
        }

        if (end is not null && !TryParse(end, isEnd: true, out to))
        {
            return (null, Problems.Invalid("end", $"end must be an ISO 8601 UTC time such as 2026-01-01T00:00:00Z (or a year, month or day: 2026, 2026-01, 2026-01-31); '{end}' is not."));
        }

        if (from >= to)
        {
            return (null, Problems.Invalid("end", "end must be later than start."));
        }

        var limit = level switch
        {
            AvailabilityPrecision.Month when from.AddMonths(MonthLimit) < to => $"at most {MonthLimit} months",
            AvailabilityPrecision.Day when to - from > DayLimit => $"at most {DayLimit.TotalDays:0} days",
            AvailabilityPrecision.Full when to - from > FullLimit => $"at most {FullLimit.TotalHours:0} hours",
            _ => null,
        };
        return limit is null
            ? (new AvailabilityQuery(from, to, level), null)
            : (null, Problems.Invalid("end", $"precision={Name(level!.Value)} covers {limit} from start to end (AVA's limit); ask for a shorter span or a coarser precision."));
    }

    public static string Name(AvailabilityPrecision precision) => precision.ToString().ToLowerInvariant();

    /// <summary>A time, or a whole year, month or day: its first instant, or (for an end) the first instant after it.</summary>
    private static bool TryParse(string text, bool isEnd, out DateTimeOffset value)
    {
        for (var i = 0; i < Periods.Length; i++)
        {
            if (DateTime.TryParseExact(text, Periods[i], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var period))
            {
                var first = new DateTimeOffset(period, TimeSpan.Zero);
                value = !isEnd ? first : i switch { 0 => first.AddYears(1), 1 => first.AddMonths(1), _ => first.AddDays(1) };
                return true;
            }
        }

        return RequestedRange.TryParseTime(text, out value);
    }
}
