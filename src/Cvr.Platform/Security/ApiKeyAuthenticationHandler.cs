using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Security;

/// <summary>
/// <c>Authorization: Bearer KEY</c> with one of <see cref="ApiKeyOptions"/>' keys (read on every request,
/// so a rotated key file applies at once). Keys are compared by their SHA-256 in constant time.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var current = keys.CurrentValue;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var (role, key) in new[] { (CvrRoles.Operator, current.Operator), (CvrRoles.Viewer, current.Viewer) })
        {
            if (!string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(key))))
            {
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(CvrClaims.ForRole(role, $"key:{role}", Scheme.Name), Scheme.Name)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("The key is not one of this Cvr's keys."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = BearerToken.From(Request) is not null;
        return AuthenticationProblem.ChallengeAsync(
            Context,
            presented
                ? "The key is not one of this Cvr's keys (rotated?). 'cvr keys show --data DIR' prints the current ones."
                : "Send 'Authorization: Bearer KEY' with an operator or viewer key ('cvr keys show --data DIR' prints them).",
            presented);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblem.ForbidAsync(Context, "This key's role may not do this: managing cameras needs the operator key.");
}
