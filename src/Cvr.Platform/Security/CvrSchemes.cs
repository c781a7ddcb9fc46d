namespace Cvr.Platform.Security;

/// <summary>Authentication schemes: what a request may present.</summary>
public static class CvrSchemes
{
    /// <summary><c>Authorization: Bearer KEY</c>: an API key, or a JWT of the configured identity provider.</summary>
    public const string Bearer = "Bearer";

    /// <summary>An API key of <see cref="ApiKeyOptions"/>.</summary>
    public const string ApiKey = "cvr-api-key";

    /// <summary>A JWT of the identity provider configured under <c>Cvr:Jwt</c>.</summary>
    public const string Jwt = "cvr-jwt";

    /// <summary>A playback token in the query string (<c>?token=</c>).</summary>
    public const string PlaybackToken = "cvr-playback-token";

    /// <summary>The <c>dapr-api-token</c> header daprd sends when it is configured with an app API token.</summary>
    public const string DaprAppToken = "cvr-daprd";
}
