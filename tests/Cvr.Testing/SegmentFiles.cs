using System.Globalization;
using System.Text.Json.Nodes;

namespace Cvr.Testing;

/// <summary>Reads what a recording left in a cache: the sealed and uploaded segments' manifests.</summary>
public static class SegmentFiles
{
    public sealed record Manifest(string Path, string SessionId, long Sequence, DateTimeOffset Start, DateTimeOffset End, long SizeBytes, string Sha256, string FileName);

    /// <summary>All manifests in sealed/ and uploaded/, in time order.</summary>
    public static IReadOnlyList<Manifest> InCache(string cachePath)
    {
        var manifests = new List<Manifest>();
        foreach (var stage in new[] { "sealed", "uploaded" })
        {
            var folder = System.IO.Path.Combine(cachePath, stage);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
            {
                JsonNode json;
                try
                {
                    json = JsonNode.Parse(File.ReadAllText(file))!;
                }
                catch (IOException)
                {
                    continue;
                }

                manifests.Add(new Manifest(
                    System.IO.Path.ChangeExtension(file, ".mp4"),
                    json["sessionId"]!.GetValue<string>(),
                    json["sequence"]!.GetValue<long>(),
                    Parse(json["start"]!),
                    Parse(json["end"]!),
                    json["sizeBytes"]!.GetValue<long>(),
                    json["sha256"]!.GetValue<string>(),
                    json["fileName"]!.GetValue<string>()));
            }
        }

        return [.. manifests.OrderBy(m => m.Start)];
    }

    private static DateTimeOffset Parse(JsonNode node) =>
        DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
