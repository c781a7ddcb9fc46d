using Cvr.Platform.Messaging;
using Cvr.Platform.Resilience;

namespace Cvr.UnitTests.Platform;

public class RetryBackoffTests
{
    [Fact]
    public void DelayFor_DoublingFromOneSecond_GrowsUntilTheCapThenStaysThere()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(1, 7).Select(backoff.DelayFor).Select(d => d.TotalSeconds);

        Assert.Equal(new double[] { 1, 2, 4, 8, 10, 10, 10 }, delays);
    }

    [Fact]
    public void DelayFor_AttemptFarBeyondTheCap_IsTheCapWithoutOverflow()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayFor(int.MaxValue));
    }

    [Fact]
    public void DelayBefore_DefaultDeliveryPolicy_IsDaprsExponentialScheduleOfAbout45Seconds()
    {
        var policy = DeliveryPolicy.Default;

        var delays = Enumerable.Range(1, 10).Select(r => policy.DelayBefore(r)!.Value.TotalMilliseconds).ToList();

        // daprd's exponential retry: 0.5 s, each wait 1.5 times the one before, up to maxInterval 10 s.
        Assert.Equal(new[] { 500, 750, 1125, 1687.5, 2531.25, 3796.875, 5695.3125, 8542.96875, 10_000, 10_000 }, delays, new MillisecondComparer());
        Assert.InRange(delays.Sum(), 44_000, 46_000);
        Assert.Null(policy.DelayBefore(11));
    }

    private sealed class MillisecondComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 0.001;

        public int GetHashCode(double obj) => 0;
    }
}
