using System.Text.Json.Serialization;

namespace Cvr.Ingest.Management;

/// <summary>LVA's graph instance states.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GraphInstanceState>))]
public enum GraphInstanceState
{
    Inactive,
    Activating,
    Active,
    Deactivating,
}
