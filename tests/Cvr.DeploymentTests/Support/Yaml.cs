using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cvr.DeploymentTests.Support;

/// <summary>Reading parsed YAML: multi-document streams, paths through mappings, scalars and sequences.</summary>
public static partial class Yaml
{
    /// <summary>Every non-empty document of a (multi-document) YAML text, in order.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlMappingNode LoadFile(string path) =>
        LoadDocuments(File.ReadAllText(path)).Single();

    /// <summary>The node at a path of mapping keys, or null where the path ends early.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The scalar's text, or null if the node is missing or not a scalar.</summary>
    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? [.. mapping.Children.Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value ?? "", c.Value))]
            : [];

    /// <summary>The texts of a sequence of scalars.</summary>
    public static IReadOnlyList<string> Texts(this YamlNode? node) => [.. node.Items().Select(i => i.Text() ?? "")];

    /// <summary>The item of a sequence of mappings whose <paramref name="key"/> is <paramref name="value"/>.</summary>
    public static YamlNode? ItemWith(this YamlNode? node, string key, string value) =>
        node.Items().ItemWith(key, value);

    public static YamlNode? ItemWith(this IEnumerable<YamlNode> items, string key, string value) =>
        items.FirstOrDefault(i => i.At(key).Text() == value);

    /// <summary>
    /// True when a YAML parser reads the scalar as a string. A plain (unquoted) true, 8080, 1.5 or null is
    /// a bool, number or null to Kubernetes, which rejects it where a string is required (annotations).
    /// </summary>
    public static bool IsString(this YamlNode node) =>
        node is YamlScalarNode scalar
        && (scalar.Style != ScalarStyle.Plain || !NonStringPlainScalar().IsMatch(scalar.Value ?? ""));

    /// <summary>A canonical text of a node (mapping keys sorted), to compare two trees regardless of order and style.</summary>
    public static string Canonical(this YamlNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    /// <summary>A Go duration as Dapr writes them: 500ms, 15s, 2m, 1m30s.</summary>
    public static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        var parts = DurationPart().Matches(text);
        if (parts.Sum(p => p.Length) != text.Length || parts.Count == 0)
        {
            throw new FormatException($"'{text}' is not a duration.");
        }

        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }

        return total;
    }

    private static void Write(YamlNode? node, StringBuilder text)
    {
        switch (node)
        {
            case YamlMappingNode:
                text.Append('{');
                foreach (var (key, value) in node.Entries().OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.Append(key).Append(':');
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var item in sequence.Children)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case YamlScalarNode scalar:
                text.Append('"').Append(scalar.Value).Append('"');
                break;
            default:
                text.Append("null");
                break;
        }
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|)$")]
    private static partial Regex NonStringPlainScalar();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex DurationPart();
}
