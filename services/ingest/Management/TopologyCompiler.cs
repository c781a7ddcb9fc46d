using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cvr.Contracts.Events;
using Cvr.Platform.Storage;

namespace Cvr.Ingest.Management;

/// <summary>
/// Turns an LVA topology and an instance's parameter values into a <see cref="RecordingPlan"/>, or a
/// <see cref="GraphValidationException"/> naming the JSON path and the rule that failed.
/// </summary>
public static partial class TopologyCompiler
{
    public const string RtspSourceType = "#Microsoft.Media.MediaGraphRtspSource";
    public const string AssetSinkType = "#Microsoft.Media.MediaGraphAssetSink";
    public static readonly IReadOnlyList<string> SupportedNodeTypes = [RtspSourceType, AssetSinkType];

    private const long MaxCacheMiB = 1024L * 1024; // 1 TiB: beyond that the number is a typo

    public static RecordingPlan Compile(JsonObject topology, string instanceName, IReadOnlyDictionary<string, string> parameters, string cacheRoot)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(parameters);
        var topologyName = Str(topology["name"]) ?? throw new GraphValidationException("$.name", "The topology has no name.");
        var properties = topology["properties"] as JsonObject ?? throw new GraphValidationException("$.properties", "The topology has no properties object.");
        var values = ResolveParameters(properties, topologyName, instanceName, parameters);

        var nodes = CheckNodeTypes(properties);
        var source = Single(nodes, RtspSourceType, "sources");
        var sink = Single(nodes, AssetSinkType, "sinks");
        CheckSinkInput(sink, source);

        string Text(JsonNode? node, string path, bool required = true)
        {
            var raw = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
            if (raw is null)
            {
                return required ? throw new GraphValidationException(path, $"{path} is required.") : string.Empty;
            }

            return Substitute(raw, values, path);
        }

        var url = Text(source.Node["endpoint"]?["url"], $"{source.Path}.endpoint.url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var rtspUrl) || rtspUrl.Scheme is not ("rtsp" or "rtsps"))
        {
            throw new GraphValidationException($"{source.Path}.endpoint.url", "The RTSP source url must be an absolute rtsp:// URL.");
        }

        var credentials = source.Node["endpoint"]?["credentials"];
        var userName = Text(credentials?["username"], $"{source.Path}.endpoint.credentials.username", required: false);
        var password = Text(credentials?["password"], $"{source.Path}.endpoint.credentials.password", required: false);

        var lengthText = Text(sink.Node["segmentLength"], $"{sink.Path}.segmentLength", required: false);
        if (!SegmentLength.TryParse(lengthText.Length == 0 ? "PT30S" : lengthText, out var segmentLength, out var lengthError))
        {
            throw new GraphValidationException($"{sink.Path}.segmentLength", lengthError);
        }

        var cacheMiBText = Text(sink.Node["localMediaCacheMaximumSizeMiB"], $"{sink.Path}.localMediaCacheMaximumSizeMiB");
        if (!long.TryParse(cacheMiBText, NumberStyles.None, CultureInfo.InvariantCulture, out var cacheMiB) || cacheMiB < 1 || cacheMiB > MaxCacheMiB)
        {
            throw new GraphValidationException($"{sink.Path}.localMediaCacheMaximumSizeMiB", $"localMediaCacheMaximumSizeMiB must be a whole number from 1 to {MaxCacheMiB}; '{cacheMiBText}' is not.");
        }

        var cachePath = Text(sink.Node["localMediaCachePath"], $"{sink.Path}.localMediaCachePath");
        var assetPattern = Text(sink.Node["assetNamePattern"], $"{sink.Path}.assetNamePattern", required: false);
        var assetName = AssetNames.ToContainerName(assetPattern.Length == 0 ? $"{topologyName}-{instanceName}" : assetPattern);

        var stream = new StreamDescriptor(
            instanceName,
            topologyName,
            assetName,
            (int)segmentLength.TotalSeconds,
            ResolveCachePath(cachePath, cacheRoot),
            cacheMiB * 1024 * 1024);
        var camera = userName.Length == 0 ? null : new CameraCredentials(userName, password);
        return new RecordingPlan(stream, rtspUrl, camera, IsVideoOnly(sink.Node));
    }

    /// <summary>Checks what can be checked before parameter values are known: structure and node types.</summary>
    public static void CheckTopology(JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var properties = topology["properties"] as JsonObject ?? throw new GraphValidationException("$.properties", "The topology has no properties object.");
        var nodes = CheckNodeTypes(properties);
        CheckSinkInput(Single(nodes, AssetSinkType, "sinks"), Single(nodes, RtspSourceType, "sources"));
    }

    /// <summary>A relative cache path is taken under the host's cache root.</summary>
    public static string ResolveCachePath(string path, string cacheRoot) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(cacheRoot, path)));

    private static Dictionary<string, string> ResolveParameters(JsonObject properties, string topologyName, string instanceName, IReadOnlyDictionary<string, string> supplied)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.GraphTopologyName"] = topologyName,
            ["System.GraphInstanceName"] = instanceName,
        };
        if (properties["parameters"] is JsonArray declarations)
        {
            for (var i = 0; i < declarations.Count; i++)
            {
                var name = Str(declarations[i]?["name"])
                    ?? throw new GraphValidationException($"$.properties.parameters[{i}].name", "Every parameter declaration needs a name.");
                if (supplied.TryGetValue(name, out var value))
                {
                    values[name] = value;
                }
                else if (declarations[i]?["default"] is JsonValue fallback)
                {
                    values[name] = fallback.ToString();
                }
                else
                {
                    throw new GraphValidationException($"$.properties.parameters[?(@.name=='{name}')].value", $"Parameter '{name}' has no default and the instance does not supply it.");
                }
            }
        }

        return values;
    }

    private static string Substitute(string text, Dictionary<string, string> values, string path) =>
        ParameterReference().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new GraphValidationException(path, $"'${{{match.Groups[1].Value}}}' is used at {path} but not declared in properties.parameters."));

    private static List<(JsonObject Node, string Type, string Path)> CheckNodeTypes(JsonObject properties)
    {
        var nodes = new List<(JsonObject, string, string)>();
        foreach (var group in new[] { "sources", "processors", "sinks" })
        {
            if (properties[group] is not JsonArray array)
            {
                continue;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var path = $"$.properties.{group}[{i}]";
                var node = array[i] as JsonObject ?? throw new GraphValidationException(path, "A node must be a JSON object.");
                var type = Str(node["@type"]) ?? throw new GraphValidationException($"{path}.@type", "Every node needs an @type.");
                if (!SupportedNodeTypes.Contains(type))
                {
                    throw new GraphValidationException($"{path}.@type", $"Node type '{type}' is not supported; Cvr supports {string.Join(", ", SupportedNodeTypes)}.");
                }

                nodes.Add((node, type, path));
            }
        }

        return nodes;
    }

    private static (JsonObject Node, string Type, string Path) Single(List<(JsonObject Node, string Type, string Path)> nodes, string type, string group)
    {
        var matching = nodes.Where(n => n.Type == type).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new GraphValidationException($"$.properties.{group}", $"A topology needs exactly one {type} node; this one has {matching.Count}.");
    }

    private static void CheckSinkInput((JsonObject Node, string Type, string Path) sink, (JsonObject Node, string Type, string Path) source)
    {
        var sourceName = Str(source.Node["name"]);
        var inputs = sink.Node["inputs"] as JsonArray;
        if (inputs is null || !inputs.Any(i => Str(i?["nodeName"]) == sourceName))
        {
            throw new GraphValidationException($"{sink.Path}.inputs", $"The asset sink must take its input from the RTSP source '{sourceName}'.");
        }
    }

    private static bool IsVideoOnly(JsonObject sink) =>
        sink["inputs"] is JsonArray inputs
        && inputs.Any(input => input?["outputSelectors"] is JsonArray selectors
            && selectors.Any(s => s?["property"]?.ToString() == "mediaType" && s["operator"]?.ToString() == "is" && s["value"]?.ToString() == "video"));

    /// <summary>A JSON string's value; null for anything else (a number where a name belongs is simply "no name").</summary>
    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex ParameterReference();
}
