using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>
/// What the API returns in place of secrets (<see cref="SecretFields"/>): a whole secret becomes the mask,
/// and a URL keeps everything but its user info (<c>rtsp://***@camera/stream</c>).
/// </summary>
public static class SecretMasking
{
    public const string Mask = "***";

    /// <summary>A copy of the instance body with its secrets masked.</summary>
    public static JsonObject MaskInstance(JsonObject body, JsonObject? topology)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Masked(body, SecretFields.InInstance(body, topology));
    }

    /// <summary>A copy of the topology with its secrets masked.</summary>
    public static JsonObject MaskTopology(JsonObject topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return Masked(topology, SecretFields.InTopology(topology));
    }

    private static JsonObject Masked(JsonObject document, IReadOnlyList<SecretField> fields)
    {
        var copy = (JsonObject)document.DeepClone();
        foreach (var field in fields)
        {
            if (field.Whole)
            {
                JsonPointer.Replace(copy, field.Pointer, Mask);
            }
            else if (Json.Text(JsonPointer.Find(copy, field.Pointer)) is { } text)
            {
                JsonPointer.Replace(copy, field.Pointer, UrlUserInfo.Mask(text));
            }
        }

        return copy;
    }
}
