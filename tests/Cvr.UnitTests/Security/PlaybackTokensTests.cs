using Cvr.Platform.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Security;

public class PlaybackTokensTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly EphemeralDataProtectionProvider _protection = new();

    [Fact]
    public void Read_FreshToken_GivesItsAssetAndRange()
    {
        var tokens = Tokens(TimeSpan.FromMinutes(5));
        var scope = new PlaybackScope("front-door", Start, Start.AddHours(1));

        var (token, expires) = tokens.Mint(scope);

        Assert.Equal(scope, tokens.Read(token));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), expires);
        Assert.DoesNotContain("front-door", token, StringComparison.Ordinal); // encrypted, not just signed
    }

    [Fact]
    public void Read_AfterItsLifetime_IsNull()
    {
        var tokens = Tokens(TimeSpan.FromMinutes(5));
        var (token, _) = tokens.Mint(new PlaybackScope("front-door", Start, Start.AddHours(1)));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(tokens.Read(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAA")]
    public void Read_Garbage_IsNull(string token) => Assert.Null(Tokens(TimeSpan.FromMinutes(5)).Read(token));

    [Fact]
    public void Read_OneCharacterChanged_IsNull()
    {
        var tokens = Tokens(TimeSpan.FromMinutes(5));
        var (token, _) = tokens.Mint(new PlaybackScope("front-door", Start, Start.AddHours(1)));
        var altered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        Assert.Null(tokens.Read(altered));
    }

    [Fact]
    public void Read_TokenOfAnotherInstallation_IsNull()
    {
        var (token, _) = Tokens(TimeSpan.FromMinutes(5)).Mint(new PlaybackScope("front-door", Start, Start.AddHours(1)));
        var elsewhere = new PlaybackTokens(new EphemeralDataProtectionProvider(), _time, Options.Create(new PlaybackOptions()));

        Assert.Null(elsewhere.Read(token));
    }

    [Fact]
    public void Scope_CoversAndOverlaps_AsRangesDo()
    {
        var scope = new PlaybackScope("a", Start, Start.AddHours(1));

        Assert.True(scope.Covers(Start, Start.AddHours(1)));
        Assert.False(scope.Covers(Start.AddSeconds(-1), Start.AddHours(1)));
        Assert.True(scope.Overlaps(Start.AddSeconds(-30), Start.AddSeconds(1)));
        Assert.False(scope.Overlaps(Start.AddSeconds(-30), Start));
        Assert.False(scope.Overlaps(Start.AddHours(1), Start.AddHours(2)));
    }

    private PlaybackTokens Tokens(TimeSpan lifetime) =>
        new(_protection, _time, Options.Create(new PlaybackOptions { TokenLifetime = lifetime }));
}
