using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Cvr.Platform.Security;

/// <summary>A viewer, or a playback token whose asset is the route's <c>{asset}</c>.</summary>
public sealed class PlaybackAccessRequirement : AuthorizationHandler<PlaybackAccessRequirement>, IAuthorizationRequirement
{
    public const string AssetRouteValue = "asset";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PlaybackAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.IsInRole(CvrRoles.Viewer))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http
            && http.Request.RouteValues[AssetRouteValue]?.ToString() is { } asset
            && context.User.FindFirst(CvrClaims.Asset)?.Value is { } granted
            && string.Equals(asset, granted, StringComparison.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
