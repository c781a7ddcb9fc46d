using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Security;

/// <summary>A playback token in the query string: a principal with no role, holding one asset and range.</summary>
public sealed class PlaybackTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PlaybackTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Query[PlaybackTokens.QueryName].ToString() is not { Length: > 0 } token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Read(token) is not { } scope)
        {
            return Task.FromResult(AuthenticateResult.Fail("The playback token is not valid or has expired."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"playback:{scope.Asset}"),
                new Claim(CvrClaims.Caller, $"playback:{scope.Asset}"),
                new Claim(CvrClaims.Asset, scope.Asset),
                new Claim(CvrClaims.RangeStart, scope.Start.ToString("O", CultureInfo.InvariantCulture)),
                new Claim(CvrClaims.RangeEnd, scope.End.ToString("O", CultureInfo.InvariantCulture)),
            ],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthenticationProblem.ChallengeAsync(Context, "The playback token is not valid or has expired: ask for a new playback URL.", invalidToken: true);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblem.ForbidAsync(Context, "A playback token opens only the asset and time range it was made for.");
}
