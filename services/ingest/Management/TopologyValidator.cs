using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// Checks a graph topology as it is set, before any instance fills in its parameters: its parameter
/// declarations, every <c>${parameter}</c> it uses, its nodes, their types and inputs, and each property
/// whose value is written out rather than taken from a parameter.
/// </summary>
public static class TopologyValidator
{
    public static readonly IReadOnlyList<string> ParameterTypes = ["String", "SecretString", "Int", "Double", "Bool"];

    public static readonly IReadOnlyList<string> SystemParameters = ["System.GraphTopologyName", "System.GraphInstanceName"];

    private static readonly string[] NodeGroups = ["sources", "processors", "sinks"];

    /// <summary>Throws a <see cref="GraphValidationException"/> naming the first path at fault.</summary>
    public static void Validate(JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ApiVersions.Check(topology["@apiVersion"], "$.@apiVersion", required: false);
        var properties = topology["properties"] as JsonObject
            ?? throw new GraphValidationException("$.properties", "A graph topology needs a properties object.");
        CheckOptionalText(properties["description"], "$.properties.description", 2048);
        var declared = CheckDeclarations(properties);
        var nodes = CheckNodes(properties);
        CheckReferences(properties, declared);
        CheckInputs(nodes);
    }

    /// <summary>The declared parameters: name → declaration, in declaration order.</summary>
    public static IReadOnlyList<(string Name, string Type, JsonNode? Default)> Declarations(JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return Json.Field(topology["properties"], "parameters") is JsonArray list
            ? [.. list.OfType<JsonObject>().Select(d => (Json.Text(d["name"]) ?? string.Empty, Json.Text(d["type"]) ?? "String", d["default"]))]
            : [];
    }

    private static HashSet<string> CheckDeclarations(JsonObject properties)
    {
        var declared = new HashSet<string>(SystemParameters, StringComparer.Ordinal);
        var parameters = properties["parameters"];
        if (parameters is null)
        {
            return declared;
        }

        if (parameters is not JsonArray list)
        {
            throw new GraphValidationException("$.properties.parameters", "parameters must be an array of parameter declarations.");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var path = $"$.properties.parameters[{i}]";
            var declaration = list[i] as JsonObject ?? throw new GraphValidationException(path, "A parameter declaration must be a JSON object.");
            var name = Json.Text(declaration["name"]);
            if (!GraphNames.IsValid(name))
            {
                throw new GraphValidationException($"{path}.name", $"Parameter names: {GraphNames.Rule}");
            }

            if (name!.StartsWith("System.", StringComparison.Ordinal) || !declared.Add(name))
            {
                throw new GraphValidationException($"{path}.name", $"Parameter '{name}' is declared twice (or shadows a System parameter).");
            }

            var type = Json.Text(declaration["type"]);
            if (type is null || !ParameterTypes.Contains(type))
            {
                throw new GraphValidationException($"{path}.type", $"Parameter '{name}' needs a type, one of {string.Join(", ", ParameterTypes)}.");
            }

            if (declaration["default"] is { } fallback && !ParameterValues.Fits(fallback, type, out var rule))
            {
                throw new GraphValidationException($"{path}.default", $"The default of parameter '{name}' {rule}.");
            }

            CheckOptionalText(declaration["description"], $"{path}.description", 2048);
        }

        return declared;
    }

    private static List<TopologyNode> CheckNodes(JsonObject properties)
    {
        var nodes = new List<TopologyNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in NodeGroups)
        {
            var value = properties[group];
            if (value is null)
            {
                continue;
            }

            if (value is not JsonArray array)
            {
                throw new GraphValidationException($"$.properties.{group}", $"{group} must be an array of nodes.", GraphValidationException.GraphValidationError);
            }

            for (var i = 0; i < array.Count; i++)
            {
                var path = $"$.properties.{group}[{i}]";
                var node = array[i] as JsonObject ?? throw new GraphValidationException(path, "A node must be a JSON object.", GraphValidationException.GraphValidationError);
                var type = Json.Text(node["@type"]) ?? throw new GraphValidationException($"{path}.@type", "Every node needs an @type.", GraphValidationException.GraphValidationError);
                if (!TopologyCompiler.SupportedNodeTypes.Contains(type))
                {
                    throw new GraphValidationException(
                        $"{path}.@type",
                        $"Node type '{type}' is not supported; Cvr supports {string.Join(" and ", TopologyCompiler.SupportedNodeTypes)} (continuous video recording).",
                        GraphValidationException.GraphValidationError);
                }

                var name = Json.Text(node["name"]);
                if (!GraphNames.IsValid(name))
                {
                    throw new GraphValidationException($"{path}.name", $"Node names: {GraphNames.Rule}", GraphValidationException.GraphValidationError);
                }

                if (!names.Add(name!))
                {
                    throw new GraphValidationException($"{path}.name", $"Node name '{name}' is used twice; node names must be unique.", GraphValidationException.GraphValidationError);
                }

                nodes.Add(new TopologyNode(node, type, path, name!));
            }
        }

        Single(nodes, TopologyCompiler.RtspSourceType, "sources");
        Single(nodes, TopologyCompiler.AssetSinkType, "sinks");
        foreach (var node in nodes)
        {
            CheckLiterals(node);
        }

        return nodes;
    }

    /// <summary>Exactly one node of the type: a topology records one camera into one asset.</summary>
    public static TopologyNode Single(IReadOnlyList<TopologyNode> nodes, string type, string group)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var matching = nodes.Where(n => n.Type == type).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new GraphValidationException($"$.properties.{group}", $"A topology needs exactly one {type} node; this one has {matching.Count}.", GraphValidationException.GraphValidationError);
    }

    private static void CheckInputs(List<TopologyNode> nodes)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var source = nodes.Single(n => n.Type == TopologyCompiler.RtspSourceType);
        var sink = nodes.Single(n => n.Type == TopologyCompiler.AssetSinkType);
        if (source.Node["inputs"] is JsonArray { Count: > 0 })
        {
            throw new GraphValidationException($"{source.Path}.inputs", "A source node takes no inputs.", GraphValidationException.GraphValidationError);
        }

        if (sink.Node["inputs"] is not JsonArray inputs || inputs.Count == 0)
        {
            throw new GraphValidationException($"{sink.Path}.inputs", $"The asset sink needs inputs: [{{\"nodeName\": \"{source.Name}\"}}].", GraphValidationException.GraphValidationError);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var path = $"{sink.Path}.inputs[{i}].nodeName";
            var target = Json.Text(Json.Field(inputs[i], "nodeName")) ?? throw new GraphValidationException(path, "Every input needs a nodeName.", GraphValidationException.GraphValidationError);
            if (!byName.ContainsKey(target))
            {
                throw new GraphValidationException(path, $"Input '{target}' is not a node of this topology (nodes: {string.Join(", ", byName.Keys)}).", GraphValidationException.GraphValidationError);
            }

            if (target != source.Name)
            {
                throw new GraphValidationException(path, $"The asset sink must take its input from the RTSP source '{source.Name}', not '{target}'.", GraphValidationException.GraphValidationError);
            }

            if (Json.Field(inputs[i], "outputSelectors") is { } selectors)
            {
                OutputSelectors.Check(selectors, $"{sink.Path}.inputs[{i}].outputSelectors");
            }
        }
    }

    /// <summary>Every <c>${name}</c> in any node must be declared (or be a System parameter).</summary>
    private static void CheckReferences(JsonObject properties, HashSet<string> declared)
    {
        foreach (var group in NodeGroups)
        {
            if (properties[group] is JsonArray array)
            {
                Walk(array, $"$.properties.{group}", declared);
            }
        }
    }

    private static void Walk(JsonNode? node, string path, HashSet<string> declared)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Walk(child, $"{path}.{key}", declared);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", declared);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                foreach (var reference in ParameterText.References(text, path))
                {
                    if (!declared.Contains(reference))
                    {
                        throw new GraphValidationException(path, $"'${{{reference}}}' is used at {path} but not declared in properties.parameters.");
                    }
                }

                break;
        }
    }

    /// <summary>Properties written out in the topology (no parameter) are checked now, not at activation.</summary>
    private static void CheckLiterals(TopologyNode node)
    {
        if (node.Type == TopologyCompiler.RtspSourceType)
        {
            if (node.Node["endpoint"] is not JsonObject endpoint)
            {
                throw new GraphValidationException($"{node.Path}.endpoint", "The RTSP source needs an endpoint with a url.");
            }

            EndpointRules.CheckShape(endpoint, $"{node.Path}.endpoint");
            if (Literal(endpoint["url"], $"{node.Path}.endpoint.url", required: true) is { } url)
            {
                PropertyRules.Check(PropertyRules.Url, url, $"{node.Path}.endpoint.url");
            }

            TlsEndpointRules.Check(node);

            foreach (var property in new[] { PropertyRules.Transport, PropertyRules.ClockSource, PropertyRules.CameraClockTolerance })
            {
                if (node.Node[property] is { } value)
                {
                    PropertyRules.Check(property, Literal(value, $"{node.Path}.{property}", required: false), $"{node.Path}.{property}");
                }
            }

            return;
        }

        foreach (var (property, required) in PropertyRules.SinkProperties)
        {
            if (Literal(node.Node[property], $"{node.Path}.{property}", required) is { } text)
            {
                PropertyRules.Check(property, text, $"{node.Path}.{property}");
            }
        }
    }

    /// <summary>The value if it is written out; null if it is absent (and optional) or comes from a parameter.</summary>
    private static string? Literal(JsonNode? node, string path, bool required)
    {
        if (node is null)
        {
            return required ? throw new GraphValidationException(path, $"{path} is required.") : null;
        }

        var text = Json.Text(node) ?? throw new GraphValidationException(path, $"{path} must be a string.");
        return text.Contains("${", StringComparison.Ordinal) ? null : text;
    }

    private static void CheckOptionalText(JsonNode? node, string path, int maxLength)
    {
        if (node is not null && (Json.Text(node) is not { } text || text.Length > maxLength))
        {
            throw new GraphValidationException(path, $"{path} must be a string of at most {maxLength} characters.");
        }
    }
}
