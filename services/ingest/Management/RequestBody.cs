using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>Reads a management request's JSON object body, or says why it cannot be one.</summary>
public static class RequestBody
{
    /// <summary>A topology or instance is a few kilobytes; anything near a megabyte is not one.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The body, or (with status 400 or 413) why there is none. An empty body reads as <paramref name="whenEmpty"/>.</summary>
    public static async Task<(JsonObject? Body, ManagementError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken, JsonObject? whenEmpty = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length == 0 && whenEmpty is not null)
            {
                return (whenEmpty, null);
            }

            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            if (node is not JsonObject body)
            {
                return (null, ManagementError.BadRequest("$", "The request body must be a JSON object."));
            }

            return Unreadable(body, "$") is { } path
                ? (null, ManagementError.BadRequest(path, $"The string at {path} is not valid Unicode (a lone surrogate escape)."))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, ManagementError.BadRequest(ex.Path is { Length: > 0 } path ? path : "$", $"The request body is not valid JSON: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, new ManagementError(413, "BadRequest", $"The request body is larger than {MaxBytes} bytes.", []));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, new ManagementError(ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400, "BadRequest", $"The request body could not be read: {ex.Message}", []));
        }
    }

    /// <summary>
    /// The path of the first string (value or name) that is no valid UTF-16, such as a lone surrogate escape:
    /// the parser takes it, but reading it throws later, so it is refused here, once.
    /// </summary>
    private static string? Unreadable(JsonNode? node, string path)
    {
        try
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                    {
                        if (Unreadable(child, $"{path}.{key}") is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (Unreadable(array[i], $"{path}[{i}]") is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path;
        }
    }
}
