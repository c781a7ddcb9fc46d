using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Platform.Security;

namespace Cvr.Host.Commands;

/// <summary>
/// The management API of a running Cvr, for the CLI: turns "nobody answered" into
/// <see cref="ServerUnreachableException"/> and, in <see cref="CallAsync"/>, a refusal into
/// <see cref="ServerRefusedException"/>.
/// </summary>
public sealed class CvrClient : IDisposable
{
    /// <summary>Where <c>cvr serve</c> listens by default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public const string UrlVariable = "CVR_URL";

    /// <summary>The API key the CLI sends; without it, the operator key of the data folder.</summary>
    public const string KeyVariable = "CVR_API_KEY";

    /// <summary>The data folder whose keys the CLI reads when <see cref="KeyVariable"/> is not set (default ./data).</summary>
    public const string DataVariable = "CVR_DATA";

    /// <summary>Deactivation waits until the cache is flushed; that can take minutes on a slow uplink.</summary>
    public static readonly TimeSpan LongTimeout = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public CvrClient(Uri address, TimeSpan timeout, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        _timeout = timeout;
        var baseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri Address { get; }

    /// <summary>A client for <c>--url</c>, else <c>CVR_URL</c>, else <see cref="DefaultUrl"/>.</summary>
    public static CvrClient Create(CommandOptions options, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fromEnvironment = Environment.GetEnvironmentVariable(UrlVariable);
        var (source, text) = options.Get("url") is { } url ? ("--url", url)
            : string.IsNullOrEmpty(fromEnvironment) ? ("the default", DefaultUrl) : (UrlVariable, fromEnvironment);
        return Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? new CvrClient(address, timeout, ApiKey())
            : throw new CommandLineException($"{source} '{text}' is not a URL such as {DefaultUrl}");
    }

    /// <summary><c>CVR_API_KEY</c>, else the operator key in the data folder (<c>CVR_DATA</c>, else ./data) if this user can read it.</summary>
    private static string? ApiKey()
    {
        if (Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key)
        {
            return key;
        }

        var data = Environment.GetEnvironmentVariable(DataVariable) is { Length: > 0 } folder ? folder : "data";
        try
        {
            return ApiKeyFile.Read(data)?.Operator;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Sends a request; any answer, refusals included, is returned.</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return new ApiAnswer((int)response.StatusCode, ParseOrNull(text), text);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException($"cannot reach Cvr at {Address} ({ex.Message})", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ServerUnreachableException($"Cvr at {Address} did not answer within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);
        }
    }

    /// <summary>Sends a request and returns a successful answer; a refusal throws <see cref="ServerRefusedException"/>.</summary>
    public async Task<ApiAnswer> CallAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        var answer = await SendAsync(method, path, body, ct).ConfigureAwait(false);
        return answer.Succeeded ? answer : throw new ServerRefusedException(answer.Reason);
    }

    /// <summary>
    /// Downloads <paramref name="path"/> into <paramref name="target"/>, continuing after the bytes it
    /// already holds (a Range request, valid only while the file is still <paramref name="entityTag"/>:
    /// otherwise the server sends it whole and the target starts again). Returns the file's length.
    /// </summary>
    public async Task<long> DownloadAsync(string path, string target, string entityTag, ProgressBar bar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bar);
        var from = File.Exists(target) ? new FileInfo(target).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (from > 0)
        {
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(from, null);
            request.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(new System.Net.Http.Headers.EntityTagHeaderValue(entityTag));
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable && response.Content.Headers.ContentRange?.Length == from)
            {
                return from; // the part already is the whole file
            }

            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                throw new ServerRefusedException(new ApiAnswer((int)response.StatusCode, ParseOrNull(text), text).Reason);
            }

            var append = response.StatusCode == System.Net.HttpStatusCode.PartialContent;
            var total = append ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
            await using var file = new FileStream(target, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                if (total is > 0)
                {
                    await bar.ShowAsync((double)file.Length / total.Value, $"{file.Length / 1e6:0.0} of {total.Value / 1e6:0.0} MB").ConfigureAwait(false);
                }
            }

            await bar.DoneAsync().ConfigureAwait(false);
            return total is { } length && file.Length != length
                ? throw new ServerUnreachableException($"the download from {Address} ended at {file.Length} of {length} bytes; run the same command again to continue")
                : file.Length;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new ServerUnreachableException($"the download from {Address} stopped ({ex.Message}); run the same command again to continue", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private static JsonNode? ParseOrNull(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
