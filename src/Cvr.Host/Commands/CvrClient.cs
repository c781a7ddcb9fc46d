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
