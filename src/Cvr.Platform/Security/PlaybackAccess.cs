using System.Globalization;
using System.Security.Claims;

namespace Cvr.Platform.Security;

/// <summary>What a caller may play: everything for a viewer, one asset's range for a playback token.</summary>
public static class PlaybackAccess
{
    /// <summary>The scope of the caller's playback token; null for a viewer or operator (no limit).</summary>
    public static PlaybackScope? ScopeOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsInRole(CvrRoles.Viewer)
            || user.FindFirst(CvrClaims.Asset)?.Value is not { } asset
            || !DateTimeOffset.TryParse(user.FindFirst(CvrClaims.RangeStart)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start)
            || !DateTimeOffset.TryParse(user.FindFirst(CvrClaims.RangeEnd)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end))
        {
            return null;
        }

        return new PlaybackScope(asset, start, end);
    }
}
