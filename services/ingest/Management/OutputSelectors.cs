using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>LVA 2.0's output selectors on the sink's input. Cvr records video, so only selections that keep the video are taken.</summary>
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
            if (property != "mediaType")
            {
                throw new GraphValidationException($"{at}.property", "An output selector's property must be 'mediaType'.");
            }

            if (op is not ("is" or "isNot"))
            {
                throw new GraphValidationException($"{at}.operator", "An output selector's operator must be 'is' or 'isNot'.");
            }

            if (value is not ("video" or "audio"))
            {
                throw new GraphValidationException($"{at}.value", "An output selector's value must be 'video' or 'audio'.");
            }

            if ((op == "is") != (value == "video"))
            {
                throw new GraphValidationException(at, $"mediaType {op} {value} leaves no video: Cvr records the video track (audio is not recorded).");
            }
        }
    }

    /// <summary>True when the selectors ask for video only.</summary>
    public static bool SelectVideoOnly(JsonObject sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return sink["inputs"] is JsonArray inputs
            && inputs.Any(input => Json.Field(input, "outputSelectors") is JsonArray selectors
                && selectors.Any(s => Json.Text(Json.Field(s, "property")) == "mediaType" && Json.Text(Json.Field(s, "operator")) == "is" && Json.Text(Json.Field(s, "value")) == "video"));
    }
}
