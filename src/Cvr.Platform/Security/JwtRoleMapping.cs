using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Cvr.Platform.Security;

/// <summary>Gives a validated JWT Cvr's roles from the identity provider's role claim values.</summary>
public static class JwtRoleMapping
{
    public static Task OnTokenValidated(TokenValidatedContext context, JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        var values = identity.FindAll(options.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var subject = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.FindFirst("sub")?.Value ?? "unknown";
        if (values.Contains(options.OperatorRole))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, CvrRoles.Operator));
            identity.AddClaim(new Claim(ClaimTypes.Role, CvrRoles.Viewer));
        }
        else if (values.Contains(options.ViewerRole))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, CvrRoles.Viewer));
        }

        identity.AddClaim(new Claim(CvrClaims.Caller, $"jwt:{subject}"));
        return Task.CompletedTask;
    }
}
