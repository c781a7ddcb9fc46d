using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// Which values of topologies and instances are secrets: one rule for what every answer masks and for
/// what is sealed at rest. A parameter is secret by its declared type (SecretString), by its name
/// (password, secret), or by where the topology puts it: into a source's credentials (user name or
/// password) or into the user info of a URL. A value written out is secret when it is a source's
/// password, and the user info of any URL anywhere is secret on its own.
/// </summary>
public static class SecretFields
{
    /// <summary>The names of the topology's secret parameters (names that say so count even when undeclared).</summary>
    public static IReadOnlySet<string> Parameters(JsonObject? topology)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (topology is null)
        {
            return names;
        }

        foreach (var (name, type, _) in TopologyValidator.Declarations(topology))
        {
            if (string.Equals(type, "SecretString", StringComparison.OrdinalIgnoreCase) || SaysSecret(name))
            {
                names.Add(name);
            }
        }

        foreach (var endpoint in Sources(topology).Select(s => Json.Field(s, "endpoint")))
        {
            var credentials = Json.Field(endpoint, "credentials");
            foreach (var field in new[] { Json.Field(credentials, "username"), Json.Field(credentials, "password") })
            {
                if (Json.Text(field) is { } text)
                {
                    names.UnionWith(ParameterText.NamesIn(text));
                }
            }

            if (Json.Text(Json.Field(endpoint, "url")) is { } url)
            {
                names.UnionWith(UrlUserInfo.References(url));
            }
        }

        return names;
    }

    /// <summary>True when a parameter with this name and value is (or holds) a secret under the topology's secret names.</summary>
    public static bool IsSecret(string name, string value, IReadOnlySet<string> secretParameters)
    {
        ArgumentNullException.ThrowIfNull(secretParameters);
        return secretParameters.Contains(name) || SaysSecret(name) || UrlUserInfo.IsIn(value);
    }

    /// <summary>The secrets of a topology's body: defaults of secret parameters, written-out passwords, URL user info.</summary>
    public static IReadOnlyList<SecretField> InTopology(JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var secret = Parameters(topology);
        var whole = new List<string>();
        if (Json.Field(topology["properties"], "parameters") is JsonArray declarations)
        {
            for (var i = 0; i < declarations.Count; i++)
            {
                if (Json.Text(Json.Field(declarations[i], "name")) is { } name && secret.Contains(name) && Json.Field(declarations[i], "default") is not null)
                {
                    whole.Add($"/properties/parameters/{i}/default");
                }
            }
        }

        var sources = Sources(topology);
        for (var i = 0; i < sources.Count; i++)
        {
            if (Json.Text(Json.Field(Json.Field(Json.Field(sources[i], "endpoint"), "credentials"), "password")) is { } password
                && ParameterText.WithoutReferences(password).Length > 0)
            {
                whole.Add($"/properties/sources/{i}/endpoint/credentials/password");
            }
        }

        return Merge(whole, topology);
    }

    /// <summary>The secrets of an instance's body: values of secret parameters, URL user info.</summary>
    public static IReadOnlyList<SecretField> InInstance(JsonObject body, JsonObject? topology)
    {
        ArgumentNullException.ThrowIfNull(body);
        var secret = Parameters(topology);
        var whole = new List<string>();
        if (Json.Field(body["properties"], "parameters") is JsonArray parameters)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (Json.Text(Json.Field(parameters[i], "name")) is { } name && (secret.Contains(name) || SaysSecret(name)) && Json.Field(parameters[i], "value") is not null)
                {
                    whole.Add($"/properties/parameters/{i}/value");
                }
            }
        }

        return Merge(whole, body);
    }

    private static bool SaysSecret(string name) =>
        name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase);

    private static List<JsonNode?> Sources(JsonObject topology) =>
        Json.Field(topology["properties"], "sources") is JsonArray sources ? [.. sources] : [];

    /// <summary>The whole secrets, then every other string in the document that holds URL user info.</summary>
    private static List<SecretField> Merge(List<string> whole, JsonNode document)
    {
        var fields = whole.Select(p => new SecretField(p, Whole: true)).ToList();
        var taken = new HashSet<string>(whole, StringComparer.Ordinal);
        foreach (var (pointer, text) in Strings(document, string.Empty))
        {
            if (!taken.Contains(pointer) && UrlUserInfo.IsIn(text))
            {
                fields.Add(new SecretField(pointer, Whole: false));
            }
        }

        return fields;
    }

    private static IEnumerable<(string Pointer, string Text)> Strings(JsonNode? node, string pointer)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    foreach (var found in Strings(value, $"{pointer}/{JsonPointer.Escape(key)}"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var found in Strings(a[i], $"{pointer}/{i}"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return (pointer, text);
                break;
        }
    }
}
