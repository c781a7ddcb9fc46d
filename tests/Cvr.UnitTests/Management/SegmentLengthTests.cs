using Cvr.Ingest.Management;

namespace Cvr.UnitTests.Management;

public class SegmentLengthTests
{
    [Theory]
    [InlineData("PT30S", 30)]
    [InlineData("PT1M", 60)]
    [InlineData("PT1M30S", 90)]
    [InlineData("PT5M", 300)]
    public void TryParse_LvaValidLength_ReturnsSeconds(string text, int seconds)
    {
        Assert.True(SegmentLength.TryParse(text, out var length, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), length);
    }

    [Theory]
    [InlineData("PT45S")]
    [InlineData("PT10S")]
    [InlineData("PT6M")]
    [InlineData("30")]
    [InlineData("")]
    [InlineData("P1D")]
    [InlineData("PTXS")]
    public void TryParse_OutsideLvaRule_FailsWithReason(string text)
    {
        Assert.False(SegmentLength.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
