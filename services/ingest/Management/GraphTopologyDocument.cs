using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>A stored LVA graph topology: its name and the JSON as the user sent it.</summary>
public sealed record GraphTopologyDocument(string Name, JsonObject Body);
