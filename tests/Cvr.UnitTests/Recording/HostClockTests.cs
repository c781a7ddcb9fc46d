using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Recording;

public class HostClockTests
{
    [Fact]
    public void IsSynchronized_OnLinux_AnswersFromTheKernel()
    {
        // This machine's answer may be either; that the kernel answers at all is what is checked.
        var synchronized = HostClock.IsSynchronized(out var maximumError);

        Assert.NotNull(synchronized);
        Assert.True(maximumError >= TimeSpan.Zero);
    }
}
