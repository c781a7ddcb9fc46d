namespace Cvr.Platform.Security;

/// <summary>
/// Section <c>Cvr:Jwt</c>: bearer tokens of the user's own identity provider (OpenID Connect discovery at
/// <see cref="Authority"/>), accepted beside the API keys when <see cref="Authority"/> is set. The
/// provider's role claim values <see cref="OperatorRole"/> and <see cref="ViewerRole"/> map to Cvr's roles.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Cvr:Jwt";

    /// <summary>The issuer (its <c>/.well-known/openid-configuration</c> is read for signing keys).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that carries roles (default <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    public string OperatorRole { get; set; } = "cvr.operator";

    public string ViewerRole { get; set; } = "cvr.viewer";

    /// <summary>Only for a test identity provider on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
