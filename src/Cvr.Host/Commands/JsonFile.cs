using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>Reads a JSON object from a file named on the command line; every mistake is one line naming the file.</summary>
public static class JsonFile
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static async Task<JsonObject> ReadObjectAsync(string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandLineException($"{path}: no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandLineException($"{path} cannot be read: {ex.Message}");
        }

        return ParseObject(text, path);
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names it in the error.</summary>
    public static JsonObject ParseObject(string text, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: Lenient);
        }
        catch (JsonException ex)
        {
            throw new CommandLineException($"{source} is not valid JSON: {ex.Message}");
        }

        return node as JsonObject ?? throw new CommandLineException($"{source} is not a JSON object");
    }
}
