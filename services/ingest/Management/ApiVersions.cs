using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>LVA's <c>@apiVersion</c>: Cvr takes the payloads of LVA 1.0 and 2.0.</summary>
public static class ApiVersions
{
    public static readonly IReadOnlyList<string> Supported = ["1.0", "2.0"];

    public static void Check(JsonNode? node, string path, bool required)
    {
        if (node is null && !required)
        {
            return;
        }

        if (Json.Text(node) is not { } version || !Supported.Contains(version))
        {
            throw new GraphValidationException(path, $"@apiVersion must be one of {string.Join(", ", Supported)}; got {node?.ToJsonString() ?? "nothing"}.", "InvalidVersion");
        }
    }
}
