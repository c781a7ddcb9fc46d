using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>A node of a topology as validated: its JSON, @type, JSON path and name.</summary>
public sealed record TopologyNode(JsonObject Node, string Type, string Path, string Name);
