using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>A stored LVA graph instance: its topology, parameter values, state and the JSON as sent.</summary>
public sealed record GraphInstanceDocument(
    string Name,
    string TopologyName,
    IReadOnlyDictionary<string, string> Parameters,
    GraphInstanceState State,
    JsonObject Body);
