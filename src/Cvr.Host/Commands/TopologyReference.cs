using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// Loads the topology an LVA operations file points at with <c>topologyUrl</c>: a path (relative to the
/// operations file's folder), a <c>file://</c> URL, or an <c>http(s)://</c> URL. Mistakes are one line.
/// </summary>
public static class TopologyReference
{
    private static readonly HttpClient Web = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<JsonObject> LoadAsync(string reference, string baseFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return JsonFile.ParseObject(await FetchAsync(uri, ct).ConfigureAwait(false), reference);
        }

        if (uri is not null && uri.Scheme != Uri.UriSchemeFile)
        {
            throw new CommandLineException($"topologyUrl '{reference}' is not a path, a file:// URL or an http(s):// URL");
        }

        // An absolute path parses as a file URI too; anything else is relative to the operations file.
        var path = uri?.LocalPath ?? Path.GetFullPath(reference, baseFolder);
        return await JsonFile.ReadObjectAsync(path, ct).ConfigureAwait(false);
    }

    private static async Task<string> FetchAsync(Uri uri, CancellationToken ct)
    {
        try
        {
            using var response = await Web.GetAsync(uri, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)
                : throw new CommandLineException($"cannot fetch {uri}: HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            throw new CommandLineException($"cannot fetch {uri}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CommandLineException($"cannot fetch {uri}: no answer within {Web.Timeout.TotalSeconds} s");
        }
    }
}
