using System.Text.Json;

namespace Cvr.Platform.Messaging;

/// <summary>The one JSON shape of events on the wire: web defaults (camelCase), as Dapr's SDK uses.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
