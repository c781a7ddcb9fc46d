using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// LVA 2.0's output selectors on the sink's input (<c>mediaType</c> <c>is</c>/<c>isNot</c> <c>video</c>/<c>audio</c>,
/// in any letter case; several must all hold). Without one, everything the camera sends that Cvr can store
/// is recorded, audio too (as LVA 1.0 did). Cvr records video, so only selections that keep the video are taken.
/// </summary>
public static class OutputSelectors
{
    public static void Check(JsonNode selectors, string path)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (selectors is not JsonArray list)
        {
            throw new GraphValidationException(path, "outputSelectors must be an array.");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{path}[{i}]";
            var property = Json.Text(Json.Field(list[i], "property"));
            var op = Json.Text(Json.Field(list[i], "operator"));
            var value = Json.Text(Json.Field(list[i], "value"));
            if (!Is(property, "mediaType"))
            {
                throw new GraphValidationException($"{at}.property", "An output selector's property must be 'mediaType'.");
            }

            if (!Is(op, "is") && !Is(op, "isNot"))
            {
                throw new GraphValidationException($"{at}.operator", "An output selector's operator must be 'is' or 'isNot'.");
            }

            if (!Is(value, "video") && !Is(value, "audio"))
            {
                throw new GraphValidationException($"{at}.value", "An output selector's value must be 'video' or 'audio'.");
            }

            if (Is(op, "is") != Is(value, "video"))
            {
                throw new GraphValidationException(at, $"mediaType {op} {value} leaves no video: Cvr records video, with the camera's audio or without it ('mediaType is video' records video only).");
            }
        }
    }

    /// <summary>True when the selectors leave the audio out: <c>is video</c> or <c>isNot audio</c>.</summary>
    public static bool SelectVideoOnly(JsonObject sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return sink["inputs"] is JsonArray inputs
            && inputs.Any(input => Json.Field(input, "outputSelectors") is JsonArray selectors
                && selectors.Any(s => Is(Json.Text(Json.Field(s, "property")), "mediaType")
                    && Is(Json.Text(Json.Field(s, "operator")), "is") == Is(Json.Text(Json.Field(s, "value")), "video")));
    }

    private static bool Is(string? text, string expected) => string.Equals(text, expected, StringComparison.OrdinalIgnoreCase);
}
