using System.Text.Json;

namespace Cvr.Contracts.Json;

/// <summary>The JSON shape of everything Cvr publishes or stores: camelCase, UTC times with a Z.</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Adds Cvr's conventions to existing options (for ASP.NET's HTTP JSON, Dapr's client).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new UtcTimestampConverter());
    }

    private static JsonSerializerOptions Create()
    {
        // An event missing a required field (or with null where the contract has none) is not an
        // event: it fails to deserialize, so handlers drop it instead of retrying it forever.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
