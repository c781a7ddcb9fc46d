using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cvr.Contracts.Json;

/// <summary>Durations as ISO 8601 (PT5M, P30D), as LVA and AVA write them.</summary>
public sealed class IsoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return IsoDuration.TryParse(text, out var duration) ? duration : throw new JsonException($"'{text}' is not an ISO 8601 duration.");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(IsoDuration.Format(value));
    }
}
