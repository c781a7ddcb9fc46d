using System.Text.Json;
using Cvr.Contracts.Json;

namespace Cvr.Platform.Messaging;

/// <summary>The one JSON shape of events on the wire (web defaults, UTC times), as Dapr's SDK is told to use.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options => ContractJson.Options;
}
