namespace Cvr.Platform.Security;

/// <summary>The authorization policies endpoints name; anything that names none needs <see cref="Operator"/>.</summary>
public static class CvrPolicies
{
    /// <summary>A viewer or operator key (or token of the identity provider).</summary>
    public const string Viewer = "cvr-viewer";

    /// <summary>An operator key (or token): everything. The fallback of every endpoint that names no policy.</summary>
    public const string Operator = "cvr-operator";

    /// <summary>A viewer, or a signed playback token for the asset in the route (HLS players send no headers).</summary>
    public const string Playback = "cvr-playback";

    /// <summary>The Dapr sidecar delivering events (its app API token).</summary>
    public const string Daprd = "cvr-daprd";
}
