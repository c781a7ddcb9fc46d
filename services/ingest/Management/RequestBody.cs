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

            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            return node is JsonObject body ? (body, null) : (null, ManagementError.BadRequest("$", "The request body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, ManagementError.BadRequest(ex.Path is { Length: > 0 } path ? path : "$", $"The request body is not valid JSON: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, new ManagementError(413, "BadRequest", $"The request body is larger than {MaxBytes} bytes.", []));
        }
    }
}
