using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 as far as a resource server sees one: a discovery document, a
/// key set, and tokens signed with its RSA key.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private TestIdentityProvider(WebApplication app, RsaSecurityKey key)
    {
        _app = app;
        _key = key;
        Authority = app.Urls.Single().TrimEnd('/');
    }

    public string Authority { get; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object> { ["issuer"] = issuer, ["jwks_uri"] = $"{issuer}/jwks" }), "application/json");
        });
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Text(JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }), "application/json");
        });
        await app.StartAsync();
        return new TestIdentityProvider(app, key);
    }

    /// <summary>A signed token for the audience, with the given values of the <c>roles</c> claim.</summary>
    public string Token(string audience, params string[] roles) => Token(audience, Authority, _key, roles);

    /// <summary>The same token signed by a key nobody published.</summary>
    public string ForgedToken(string audience, params string[] roles) =>
        Token(audience, Authority, new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId }, roles);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Token(string audience, string issuer, RsaSecurityKey key, string[] roles)
    {
        var claims = new List<Claim> { new("sub", "someone@example.com") };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
