using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>An instance's parameter values, read from its JSON and checked against the topology's declarations.</summary>
public static class InstanceParameters
{
    public const int MaxCount = 256;

    /// <summary>Name → value; throws a <see cref="GraphValidationException"/> at the instance's JSON path at fault.</summary>
    public static Dictionary<string, string> Read(JsonObject properties, JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(topology);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = TopologyValidator.Declarations(topology).ToDictionary(d => d.Name, d => d.Type, StringComparer.Ordinal);
        var topologyName = Json.Text(topology["name"]);
        switch (properties["parameters"])
        {
            case null:
                return values;
            case JsonArray list when list.Count <= MaxCount:
                for (var i = 0; i < list.Count; i++)
                {
                    var path = $"$.properties.parameters[{i}]";
                    var entry = list[i] as JsonObject ?? throw new GraphValidationException(path, "Each parameter is an object with a name and a value.");
                    var name = Json.Text(entry["name"]) ?? throw new GraphValidationException($"{path}.name", "Each parameter needs a string name.");
                    if (!declared.TryGetValue(name, out var type))
                    {
                        throw new GraphValidationException(
                            $"{path}.name",
                            $"Parameter '{Shorten(name)}' is not declared by topology '{topologyName}' (it declares {(declared.Count == 0 ? "none" : string.Join(", ", declared.Keys))}).");
                    }

                    if (values.ContainsKey(name))
                    {
                        throw new GraphValidationException($"{path}.name", $"Parameter '{name}' is given twice.");
                    }

                    if (!ParameterValues.TryText(entry["value"], type, out var text, out var rule))
                    {
                        throw new GraphValidationException($"{path}.value", $"The value of parameter '{name}' {rule}.");
                    }

                    values[name] = text;
                }

                return values;
            case JsonArray:
                throw new GraphValidationException("$.properties.parameters", $"An instance takes at most {MaxCount} parameters.");
            default:
                throw new GraphValidationException("$.properties.parameters", "parameters must be an array of {\"name\", \"value\"} objects.");
        }
    }

    /// <summary>The JSON path of the named parameter's value in the instance, or null if the instance does not give it.</summary>
    public static string? PathOf(JsonObject instanceBody, string parameter)
    {
        ArgumentNullException.ThrowIfNull(instanceBody);
        if (Json.Field(instanceBody["properties"], "parameters") is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (Json.Text(Json.Field(list[i], "name")) == parameter)
                {
                    return $"$.properties.parameters[{i}].value";
                }
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
