using System.Globalization;
using System.Xml;

namespace Cvr.Contracts.Json;

/// <summary>Durations as LVA and AVA write them: ISO 8601 (PT30S, P30D).</summary>
public static class IsoDuration
{
    /// <summary>An ISO 8601 duration such as PT5S or P30D.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith('P'))
        {
            return false;
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>For settings: ISO 8601, or .NET's d.hh:mm:ss.</summary>
    public static bool TryParseSetting(string? text, out TimeSpan duration) =>
        TryParse(text, out duration) || TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);

    public static string Format(TimeSpan duration) => XmlConvert.ToString(duration);
}
