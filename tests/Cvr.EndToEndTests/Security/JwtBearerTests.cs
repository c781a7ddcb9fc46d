using System.Net;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// Bearer tokens of the user's own identity provider (Cvr:Jwt), beside the keys: its role claim values
/// map to operator and viewer; a token for another audience, signed by another key, or with no Cvr role
/// gets nothing.
/// </summary>
public sealed class JwtBearerTests : IAsyncLifetime
{
    private const string Audience = "cvr-api";
    private TestIdentityProvider _issuer = null!;
    private InProcessCvr _cvr = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIdentityProvider.StartAsync();
        _cvr = await InProcessCvr.StartAsync(new Dictionary<string, string?>
        {
            ["Cvr:Jwt:Authority"] = _issuer.Authority,
            ["Cvr:Jwt:Audience"] = Audience,
            ["Cvr:Jwt:RequireHttpsMetadata"] = "false",
        });
    }

    [Theory]
    [InlineData("cvr.operator", HttpStatusCode.OK, HttpStatusCode.OK)]
    [InlineData("cvr.viewer", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("someone-else", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    public async Task Token_WithARole_GetsThatRolesRights(string role, HttpStatusCode assets, HttpStatusCode topologies)
    {
        using var client = _cvr.Client(_issuer.Token(Audience, role));

        Assert.Equal(assets, (await client.GetAsync(new Uri("api/assets", UriKind.Relative))).StatusCode);
        Assert.Equal(topologies, (await client.GetAsync(new Uri("api/graphTopologies", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Token_ForAnotherAudience_Is401()
    {
        using var client = _cvr.Client(_issuer.Token("another-api", "cvr.operator"));

        using var response = await client.GetAsync(new Uri("api/assets", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_SignedByAnUnpublishedKey_Is401()
    {
        using var client = _cvr.Client(_issuer.ForgedToken(Audience, "cvr.operator"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("api/assets", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ApiKeys_StillWorkBesideTokens()
    {
        using var client = _cvr.Client(_cvr.Keys.Operator);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("api/graphTopologies", UriKind.Relative))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _cvr.DisposeAsync();
        await _issuer.DisposeAsync();
    }
}
