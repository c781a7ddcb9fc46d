using Microsoft.Extensions.Options;

namespace Cvr.EndToEndTests.Security;

/// <summary>Settings that make no sense stop Cvr at start, naming the setting.</summary>
public sealed class SecuritySettingsTests
{
    [Theory]
    [InlineData("Cvr:Http:PermitsPerSecond", "0")]
    [InlineData("Cvr:Http:Burst", "-5")]
    [InlineData("Cvr:Playback:TokenLifetime", "00:00:00")]
    [InlineData("Cvr:Playback:TokenLifetime", "30.00:00:00")]
    public async Task Start_WithASettingThatMakesNoSense_StopsNamingIt(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessCvr.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
