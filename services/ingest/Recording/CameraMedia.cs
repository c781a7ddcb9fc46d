using System.Globalization;
using System.Text.Json;

namespace Cvr.Ingest.Recording;

/// <summary>What a camera sends (its SDP and first packets, read by ffprobe): the tracks, in the camera's order.</summary>
public sealed record CameraMedia(IReadOnlyList<CameraTrack> Tracks)
{
    public CameraTrack? Video => Tracks.FirstOrDefault(t => t.Kind == "video");

    public CameraTrack? Audio => Tracks.FirstOrDefault(t => t.Kind == "audio");

    /// <summary>Reads ffprobe's <c>-show_entries stream=… -of json</c>.</summary>
    /// <exception cref="FormatException">The text is not such a document.</exception>
    public static CameraMedia Parse(string ffprobeJson)
    {
        try
        {
            using var document = JsonDocument.Parse(ffprobeJson);
            if (!document.RootElement.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("ffprobe listed no streams.");
            }

            return new CameraMedia([.. streams.EnumerateArray().Select(ReadTrack)]);
        }
        catch (JsonException ex)
        {
            throw new FormatException("ffprobe's output is not JSON: " + ex.Message, ex);
        }
    }

    public override string ToString() => Tracks.Count == 0 ? "nothing" : string.Join(" + ", Tracks);

    private static CameraTrack ReadTrack(JsonElement stream) => new(
        Text(stream, "codec_type") ?? "unknown",
        Text(stream, "codec_name") ?? "unknown",
        Number(stream, "width"),
        Number(stream, "height"),
        Number(stream, "sample_rate"),
        Number(stream, "channels"));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>ffprobe writes some numbers as strings (sample_rate); 0 means unknown.</summary>
    private static int? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => 0,
        };
        return number > 0 ? number : null;
    }
}
