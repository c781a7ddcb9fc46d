using System.Globalization;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Platform.Storage;

namespace Cvr.Ingest.Management;

/// <summary>
/// Turns an LVA topology and an instance's parameter values into a <see cref="RecordingPlan"/>, or a
/// <see cref="GraphValidationException"/> naming the JSON path (and the parameter, if one supplied the
/// value) and the rule that failed.
/// </summary>
public static class TopologyCompiler
{
    public const string RtspSourceType = "#Microsoft.Media.MediaGraphRtspSource";
    public const string AssetSinkType = "#Microsoft.Media.MediaGraphAssetSink";
    public static readonly IReadOnlyList<string> SupportedNodeTypes = [RtspSourceType, AssetSinkType];

    public static RecordingPlan Compile(JsonObject topology, string instanceName, IReadOnlyDictionary<string, string> parameters, string cacheRoot)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(parameters);
        TopologyValidator.Validate(topology);
        var topologyName = Json.Text(topology["name"]) ?? throw new GraphValidationException("$.name", "The topology has no name.");
        var properties = (JsonObject)topology["properties"]!;
        var values = ResolveParameters(topology, topologyName, instanceName, parameters);
        var source = Find(properties, "sources", RtspSourceType);
        var sink = Find(properties, "sinks", AssetSinkType);

        // The instance's parameter that supplied a property's value, if one did.
        string? Supplier(JsonNode? node, string path) =>
            Json.Text(node) is { } raw ? ParameterText.References(raw, path).FirstOrDefault(parameters.ContainsKey) : null;

        // The value of a property after substitution.
        string? Substituted(JsonNode? node, string path) =>
            Json.Text(node) is { } raw ? ParameterText.Substitute(raw, values, path) : null;

        // The value of a property after substitution, checked against its rule.
        string? Value(JsonNode? node, string path, string rule)
        {
            var value = Substituted(node, path);
            PropertyRules.Check(rule, value, path, Supplier(node, path));
            return value;
        }

        var url = Value(Json.Field(source.Node["endpoint"], "url"), $"{source.Path}.endpoint.url", PropertyRules.Url)!;
        var credentials = Json.Field(source.Node["endpoint"], "credentials");
        var userName = Value(Json.Field(credentials, "username"), $"{source.Path}.endpoint.credentials.username", "username") ?? string.Empty;
        var password = Value(Json.Field(credentials, "password"), $"{source.Path}.endpoint.credentials.password", "password") ?? string.Empty;
        PropertyRules.TryTransport(Value(source.Node["transport"], $"{source.Path}.transport", PropertyRules.Transport) ?? nameof(RtspTransport.Tcp), out var transport);
        var clock = CompileClock(
            Value(source.Node[PropertyRules.ClockSource], $"{source.Path}.{PropertyRules.ClockSource}", PropertyRules.ClockSource),
            Value(source.Node[PropertyRules.CameraClockTolerance], $"{source.Path}.{PropertyRules.CameraClockTolerance}", PropertyRules.CameraClockTolerance));

        var length = Value(sink.Node[PropertyRules.SegmentLengthProperty], $"{sink.Path}.segmentLength", PropertyRules.SegmentLengthProperty) ?? "PT30S";
        SegmentLength.TryParse(length, out var segmentLength, out _);
        var cacheMiB = long.Parse(Value(sink.Node[PropertyRules.CacheSize], $"{sink.Path}.{PropertyRules.CacheSize}", PropertyRules.CacheSize)!, CultureInfo.InvariantCulture);
        var cachePathField = $"{sink.Path}.{PropertyRules.CachePath}";
        var cachePath = Value(sink.Node[PropertyRules.CachePath], cachePathField, PropertyRules.CachePath)!;
        var cacheFolder = ResolveCachePath(cachePath, cacheRoot);
        if (CachePathCheck.OutsideRoot(cachePath, cacheFolder, cacheRoot) is { } outside)
        {
            throw new GraphValidationException(cachePathField, outside, GraphValidationException.ModuleValidationError, Supplier(sink.Node[PropertyRules.CachePath], cachePathField));
        }

        var assetPattern = Value(sink.Node[PropertyRules.AssetNamePattern], $"{sink.Path}.{PropertyRules.AssetNamePattern}", PropertyRules.AssetNamePattern);
        var assetName = AssetNames.ToContainerName(assetPattern ?? $"{topologyName}-{instanceName}");
        var retention = Value(sink.Node[PropertyRules.RetentionPeriod], $"{sink.Path}.{PropertyRules.RetentionPeriod}", PropertyRules.RetentionPeriod);
        TimeSpan? retentionPeriod = PropertyRules.TryDuration(retention, out var kept) ? kept : null;

        var stream = new StreamDescriptor(
            instanceName,
            topologyName,
            assetName,
            (int)segmentLength.TotalSeconds,
            cacheFolder,
            cacheMiB * 1024 * 1024,
            retentionPeriod);
        // User info in the URL is the camera's credentials (and wins over the credentials fields, whose LVA
        // defaults are placeholders); it leaves the URL here, so nothing downstream sees it there.
        var (address, fromUrl) = UrlUserInfo.Split(new Uri(url));
        var camera = fromUrl ?? (userName.Length == 0 ? null : new CameraCredentials(userName, password));
        var tls = TlsEndpointRules.Compile(source, address, (node, path) => (Substituted(node, path), Supplier(node, path)));
        return new RecordingPlan(stream, address, camera, OutputSelectors.SelectVideoOnly(sink.Node), clock, transport) { Tls = tls };
    }

    private static RecordingClock CompileClock(string? source, string? tolerance)
    {
        PropertyRules.TryDuration(tolerance, out var window);
        return new RecordingClock(
            string.Equals(source, "Camera", StringComparison.OrdinalIgnoreCase) ? ClockSource.Camera : ClockSource.Host,
            tolerance is null ? PropertyRules.DefaultCameraClockTolerance : window);
    }

    /// <summary>Checks what can be checked before parameter values are known.</summary>
    public static void CheckTopology(JsonObject topology) => TopologyValidator.Validate(topology);

    /// <summary>A relative cache path is taken under the host's cache root; an absolute one must lie under it (<see cref="CachePathCheck.OutsideRoot"/>).</summary>
    public static string ResolveCachePath(string path, string cacheRoot) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(cacheRoot, path)));

    private static Dictionary<string, string> ResolveParameters(JsonObject topology, string topologyName, string instanceName, IReadOnlyDictionary<string, string> supplied)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.GraphTopologyName"] = topologyName,
            ["System.GraphInstanceName"] = instanceName,
        };
        foreach (var (name, type, fallback) in TopologyValidator.Declarations(topology))
        {
            if (supplied.TryGetValue(name, out var value))
            {
                values[name] = value;
            }
            else if (fallback is not null && ParameterValues.TryText(fallback, type, out var text, out _))
            {
                values[name] = text;
            }
            else
            {
                throw new GraphValidationException("$.properties.parameters", $"Parameter '{name}' is required: topology '{topologyName}' declares it without a default, and the instance does not supply it.", GraphValidationException.ModuleValidationError, name);
            }
        }

        return values;
    }

    private static TopologyNode Find(JsonObject properties, string group, string type)
    {
        var array = (JsonArray)properties[group]!;
        for (var i = 0; i < array.Count; i++)
        {
            if (Json.Text(Json.Field(array[i], "@type")) == type)
            {
                return new TopologyNode((JsonObject)array[i]!, type, $"$.properties.{group}[{i}]", Json.Text(Json.Field(array[i], "name")) ?? string.Empty);
            }
        }

        throw new GraphValidationException($"$.properties.{group}", $"A topology needs exactly one {type} node.", GraphValidationException.GraphValidationError);
    }
}
