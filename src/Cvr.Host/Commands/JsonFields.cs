using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>Lenient reads of Cvr's and LVA's JSON for display: a missing or odd field is null, never an exception.</summary>
public static class JsonFields
{
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The objects of a list answer's <c>value</c> array (<c>{"value":[…]}</c>).</summary>
    public static IEnumerable<JsonObject> Items(JsonNode? list) =>
        ((list as JsonObject)?["value"] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary><c>properties.NAME</c> of a topology or instance.</summary>
    public static JsonNode? Property(JsonObject item, string name) =>
        (item["properties"] as JsonObject)?[name];
}
