using Cvr.Contracts.Events;
using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Recording;

public class ReconnectDelayTests
{
    private static readonly IngestOptions Options = new()
    {
        ReconnectInitialDelay = TimeSpan.FromSeconds(1),
        ReconnectMaximumDelay = TimeSpan.FromSeconds(10),
        CredentialsRefusedDelay = TimeSpan.FromSeconds(60),
        UnsupportedMediaDelay = TimeSpan.FromMinutes(2),
    };

    private readonly ReconnectDelay _delay = new(Options);

    [Fact]
    public void After_CameraUnreachableAgainAndAgain_DoublesFromTheFirstDelayUpToTheCap()
    {
        var delays = Enumerable.Range(1, 6).Select(failures => _delay.After(DisconnectReason.CameraUnreachable, connected: false, failures).TotalSeconds);

        Assert.Equal(new double[] { 1, 2, 4, 8, 10, 10 }, delays);
    }

    [Fact]
    public void After_SessionThatHadMedia_StartsAgainAfterTheFirstDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), _delay.After(DisconnectReason.CameraUnreachable, connected: true, failures: 0));
    }

    [Theory]
    [InlineData(DisconnectReason.CredentialsRefused, 60)]
    [InlineData(DisconnectReason.TlsRejected, 60)]
    [InlineData(DisconnectReason.UnsupportedCodec, 120)]
    [InlineData(DisconnectReason.ClockJump, 0)]
    [InlineData(DisconnectReason.CameraClockStep, 0)]
    [InlineData(DisconnectReason.CameraClockDrift, 0)]
    [InlineData(DisconnectReason.StreamChanged, 0)]
    public void After_ReasonWithADelayOfItsOwn_WaitsThatLongWhateverTheFailuresBefore(DisconnectReason reason, int seconds)
    {
        Assert.All(new[] { 1, 5, 50 }, failures => Assert.Equal(TimeSpan.FromSeconds(seconds), _delay.After(reason, connected: false, failures)));
    }
}
