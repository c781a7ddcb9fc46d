using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// Masks secret parameter values in what the API returns: parameters declared SecretString, and any
/// parameter whose name says it is a password.
/// </summary>
public static class SecretMasking
{
    public const string Mask = "***";

    public static bool IsSecret(string parameterName, JsonObject? topology)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        if (parameterName.Contains("password", StringComparison.OrdinalIgnoreCase)
            || parameterName.Contains("secret", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return Json.Field(Json.Field(topology, "properties"), "parameters") is JsonArray declarations
            && declarations.Any(d => Json.Field(d, "name")?.ToString() == parameterName
                && string.Equals(Json.Field(d, "type")?.ToString(), "SecretString", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A copy of the instance body with secret parameter values replaced by a mask.</summary>
    public static JsonObject MaskInstance(JsonObject body, JsonObject? topology)
    {
        ArgumentNullException.ThrowIfNull(body);
        var copy = (JsonObject)body.DeepClone();
        if (Json.Field(copy["properties"], "parameters") is JsonArray parameters)
        {
            foreach (var parameter in parameters.OfType<JsonObject>())
            {
                if (parameter["name"]?.ToString() is { } name && IsSecret(name, topology))
                {
                    parameter["value"] = Mask;
                }
            }
        }

        return copy;
    }

    /// <summary>A copy of the topology with the defaults of secret parameters replaced by a mask.</summary>
    public static JsonObject MaskTopology(JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var copy = (JsonObject)topology.DeepClone();
        if (Json.Field(copy["properties"], "parameters") is JsonArray declarations)
        {
            foreach (var declaration in declarations.OfType<JsonObject>())
            {
                if (declaration["name"] is JsonValue name && name.TryGetValue<string>(out var text) && IsSecret(text, topology) && declaration["default"] is not null)
                {
                    declaration["default"] = Mask;
                }
            }
        }

        // A password written out in the topology itself (not a parameter reference) is a secret too.
        if (Json.Field(copy["properties"], "sources") is JsonArray sources)
        {
            foreach (var credentials in sources.Select(s => Json.Field(Json.Field(s, "endpoint"), "credentials")).OfType<JsonObject>())
            {
                if (Json.Text(credentials["password"]) is { } password && !password.StartsWith("${", StringComparison.Ordinal))
                {
                    credentials["password"] = Mask;
                }
            }
        }

        return copy;
    }
}
