using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>Small readers for user-supplied JSON, which may hold anything anywhere.</summary>
internal static class Json
{
    /// <summary>A JSON string's value; null for anything else (a number where a name belongs is simply "no name").</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The object's property, or null when the node is no object (where indexing would throw).</summary>
    public static JsonNode? Field(JsonNode? node, string key) => (node as JsonObject)?[key];

    /// <summary>A copy of a document to store under <paramref name="name"/>: the URL names the resource, whatever the body says.</summary>
    public static JsonObject Named(JsonObject body, string? name)
    {
        ArgumentNullException.ThrowIfNull(body);
        var copy = (JsonObject)body.DeepClone();
        copy["name"] = name;
        return copy;
    }
}
