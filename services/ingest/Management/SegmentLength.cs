using System.Xml;

namespace Cvr.Ingest.Management;

/// <summary>The asset sink's segmentLength: ISO 8601, PT30S to PT5M in 30-second steps (LVA's rule).</summary>
public static class SegmentLength
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(5);

    public static bool TryParse(string? value, out TimeSpan length, out string error)
    {
        length = Minimum;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(value) || !value.StartsWith('P'))
        {
            error = $"'{value}' is not an ISO 8601 duration such as PT30S.";
            return false;
        }

        try
        {
            length = XmlConvert.ToTimeSpan(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            error = $"'{value}' is not an ISO 8601 duration such as PT30S.";
            return false;
        }

        if (length < Minimum || length > Maximum || length.Ticks % Minimum.Ticks != 0)
        {
            error = $"segmentLength must be between PT30S and PT5M in 30-second steps; '{value}' is not.";
            return false;
        }

        return true;
    }
}
