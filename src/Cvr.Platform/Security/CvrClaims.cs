using System.Security.Claims;

namespace Cvr.Platform.Security;

/// <summary>The claims Cvr's schemes issue.</summary>
public static class CvrClaims
{
    /// <summary>Who is calling, for rate limiting: the key's role, the token's subject, or the playback token's asset.</summary>
    public const string Caller = "cvr:caller";

    /// <summary>The asset a playback token opens.</summary>
    public const string Asset = "cvr:asset";

    /// <summary>The start of the time range a playback token opens (ISO 8601 UTC).</summary>
    public const string RangeStart = "cvr:start";

    /// <summary>The end of the time range a playback token opens (ISO 8601 UTC).</summary>
    public const string RangeEnd = "cvr:end";

    /// <summary>A principal of the given scheme holding a role (an operator also holds viewer).</summary>
    public static ClaimsPrincipal ForRole(string role, string caller, string scheme)
    {
        List<Claim> claims = [new(ClaimTypes.Name, caller), new(Caller, caller), new(ClaimTypes.Role, role)];
        if (role == CvrRoles.Operator)
        {
            claims.Add(new Claim(ClaimTypes.Role, CvrRoles.Viewer));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
