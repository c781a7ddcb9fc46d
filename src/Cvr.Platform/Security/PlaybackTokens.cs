using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Security;

/// <summary>
/// Signed, encrypted and expiring playback tokens (ASP.NET Core Data Protection, time-limited): what
/// an HLS player, VLC or <c>&lt;video&gt;</c> carries in the URL because it cannot send a header.
/// </summary>
public sealed class PlaybackTokens(IDataProtectionProvider protection, TimeProvider time, IOptions<PlaybackOptions> options)
{
    /// <summary>The query parameter that carries a token.</summary>
    public const string QueryName = "token";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Cvr.PlaybackToken.v1").ToTimeLimitedDataProtector();

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    public (string Token, DateTimeOffset Expires) Mint(PlaybackScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var expires = time.GetUtcNow() + Lifetime;
        var payload = string.Join('\n', scope.Asset, scope.Start.UtcTicks.ToString(CultureInfo.InvariantCulture), scope.End.UtcTicks.ToString(CultureInfo.InvariantCulture));
        var token = _protector.Protect(System.Text.Encoding.UTF8.GetBytes(payload), expires);
        return (WebEncoders.Base64UrlEncode(token), expires);
    }

    /// <summary>The scope of a token that is genuine and not expired; null otherwise.</summary>
    public PlaybackScope? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token), out var expires);
            if (expires <= time.GetUtcNow())
            {
                return null;
            }

            var parts = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
            return parts.Length == 3
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                ? new PlaybackScope(parts[0], new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero))
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
