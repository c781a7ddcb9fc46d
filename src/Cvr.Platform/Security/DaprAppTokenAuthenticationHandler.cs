using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Security;

/// <summary>
/// The Dapr sidecar: with <c>APP_API_TOKEN</c> set (daprd is configured with the same token), daprd
/// sends it in <c>dapr-api-token</c> on every call to the app; that proves the caller is daprd.
/// </summary>
public sealed class DaprAppTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "dapr-api-token";
    public const string TokenSetting = "APP_API_TOKEN";
    public const string Role = "daprd";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0 || configuration[TokenSetting] is not { Length: > 0 } expected)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)))
            ? AuthenticateResult.Success(new AuthenticationTicket(CvrClaims.ForRole(Role, "daprd", Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("The dapr-api-token is not this app's."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthenticationProblem.ChallengeAsync(Context, "Only the Dapr sidecar, with the app's API token, may deliver events.", invalidToken: false);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblem.ForbidAsync(Context, "The Dapr sidecar may only deliver events.");
}
