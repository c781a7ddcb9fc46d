using System.Globalization;
using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>RFC 6901 pointers (<c>/properties/parameters/1/value</c>): where a sealed or masked value sits in a document.</summary>
public static class JsonPointer
{
    /// <summary>One reference token: '~' and '/' escaped.</summary>
    public static string Escape(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>The node the pointer names, or null when there is none (or it is JSON null).</summary>
    public static JsonNode? Find(JsonNode root, string pointer)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Locate(root, pointer) is { } place ? place.Get() : null;
    }

    /// <summary>Puts <paramref name="value"/> where the pointer names an existing member or element; false if it names none.</summary>
    public static bool Replace(JsonNode root, string pointer, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (Locate(root, pointer) is not { } place)
        {
            return false;
        }

        place.Set(value);
        return true;
    }

    private static Place? Locate(JsonNode root, string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        if (!pointer.StartsWith('/'))
        {
            return null;
        }

        var tokens = pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode? parent = root;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            Place? place = parent switch
            {
                JsonObject o when o.ContainsKey(token) => new Place(() => o[token], v => o[token] = v),
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < a.Count => new Place(() => a[index], v => a[index] = v),
                _ => null,
            };
            if (place is null || i == tokens.Length - 1)
            {
                return place;
            }

            parent = place.Get();
        }

        return null;
    }

    private sealed record Place(Func<JsonNode?> Get, Action<JsonNode?> Set);
}
