using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>Parameter values (and defaults) against their declared LVA type.</summary>
public static class ParameterValues
{
    public const int MaxLength = 4096;

    /// <summary>The value as the text substituted into the topology, or null (with the rule broken) if it does not fit the type.</summary>
    public static bool Fits(JsonNode value, string type, out string rule) => TryText(value, type, out _, out rule);

    public static bool TryText(JsonNode? value, string type, out string text, out string rule)
    {
        text = string.Empty;
        rule = string.Empty;
        if (value is not JsonValue json)
        {
            rule = "must be a string";
            return false;
        }

        text = json.GetValueKind() switch
        {
            JsonValueKind.String => json.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => json.ToJsonString(),
            _ => string.Empty,
        };
        if (json.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
        {
            rule = "must be a string";
            return false;
        }

        if (text.Length > MaxLength)
        {
            rule = $"is longer than {MaxLength} characters";
            return false;
        }

        var fits = type switch
        {
            "Int" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "Double" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d),
            "Bool" => bool.TryParse(text, out _),
            _ => json.GetValueKind() == JsonValueKind.String,
        };
        if (!fits)
        {
            rule = type is "String" or "SecretString" ? "must be a string" : $"must be a {type} value; '{text}' is not";
        }

        return fits;
    }
}
