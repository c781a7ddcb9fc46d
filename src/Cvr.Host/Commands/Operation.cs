using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>One step of an LVA operations file: a direct method name (or <c>WaitForInput</c>) and its parameters.</summary>
public sealed record Operation(string Name, JsonObject Parameters)
{
    public const string WaitForInput = "WaitForInput";

    public const string TopologySet = "GraphTopologySet";
}
