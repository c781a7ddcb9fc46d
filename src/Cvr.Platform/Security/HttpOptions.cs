namespace Cvr.Platform.Security;

/// <summary>Section <c>Cvr:Http</c>: browser access and request rates.</summary>
public sealed class HttpOptions
{
    public const string Section = "Cvr:Http";

    /// <summary>
    /// Origins (<c>https://nvr.example.com</c>) whose pages may call Cvr (CORS, and state-changing requests);
    /// none by default: only Cvr's own pages.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Requests per second each caller (key, token, or address for the unauthenticated) may make on average.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>How many requests a caller may make at once above the average.</summary>
    public int Burst { get; set; } = 200;
}
