using System.Globalization;
using Cvr.Catalog.ReadModel;

namespace Cvr.Catalog.Api;

/// <summary>
/// GET /api/assets/{asset}/availableMedia?precision=year|month|day: which years, months or days of
/// [start, end) hold recorded media, consecutive ones as one range (what AVA's player built its
/// calendar from).
/// </summary>
public sealed record CalendarAvailability(IReadOnlyList<CalendarRange> TimeRanges)
{
    public static CalendarAvailability Of(AvailabilityPrecision precision, DateTimeOffset from, DateTimeOffset to, IEnumerable<TimeRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var periods = new SortedSet<DateTimeOffset>();
        foreach (var range in ranges)
        {
            var start = range.Start < from ? from : range.Start;
            var end = range.End > to ? to : range.End;
            for (var period = PeriodOf(precision, start); period < end; period = Next(precision, period))
            {
                periods.Add(period);
            }
        }

        var spans = new List<CalendarRange>();
        DateTimeOffset? first = null, last = null;
        foreach (var period in periods)
        {
            if (last is { } previous && Next(precision, previous) != period)
            {
                spans.Add(new CalendarRange(Format(precision, first!.Value), Format(precision, previous)));
                first = null;
            }

            first ??= period;
            last = period;
        }

        if (first is { } f && last is { } l)
        {
            spans.Add(new CalendarRange(Format(precision, f), Format(precision, l)));
        }

        return new CalendarAvailability(spans);
    }

    private static DateTimeOffset PeriodOf(AvailabilityPrecision precision, DateTimeOffset time) => precision switch
    {
        AvailabilityPrecision.Year => new DateTimeOffset(time.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        AvailabilityPrecision.Month => new DateTimeOffset(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero),
        _ => new DateTimeOffset(time.Year, time.Month, time.Day, 0, 0, 0, TimeSpan.Zero),
    };

    private static DateTimeOffset Next(AvailabilityPrecision precision, DateTimeOffset period) => precision switch
    {
        AvailabilityPrecision.Year => period.AddYears(1),
        AvailabilityPrecision.Month => period.AddMonths(1),
        _ => period.AddDays(1),
    };

    private static string Format(AvailabilityPrecision precision, DateTimeOffset period) => precision switch
    {
        AvailabilityPrecision.Year => period.ToString("yyyy", CultureInfo.InvariantCulture),
        AvailabilityPrecision.Month => period.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
