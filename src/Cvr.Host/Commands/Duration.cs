using System.Globalization;

namespace Cvr.Host.Commands;

/// <summary>Seconds as a person reads them in a table: <c>42 s</c>, <c>12 min</c>, <c>3 h 05 min</c>, <c>-</c> for none.</summary>
public static class Duration
{
    public static string Format(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(s)));
        return span.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds} s")
            : span.TotalMinutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min");
    }
}
