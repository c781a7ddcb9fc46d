using Cvr.Catalog.Api;

namespace Cvr.UnitTests.Catalog;

public class PlaylistSpanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Open = DateTimeOffset.MinValue;
    private static readonly DateTimeOffset OpenEnd = DateTimeOffset.MaxValue;

    [Fact]
    public void ProblemOf_ADayAndATick_NamesEnd()
    {
        var problem = PlaylistSpan.ProblemOf("2026-11-23T12:00:00Z", "2026-11-24T12:00:00.0000001Z");

        Assert.NotNull(problem);
        Assert.Contains("end", problem.ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("2026-11-23T12:00:00Z", "2026-11-24T12:00:00Z")]
    [InlineData("2026-11-23T12:00:00Z", null)]
    [InlineData(null, "2030-01-01T00:00:00Z")]
    [InlineData(null, null)]
    public void ProblemOf_ADayOrAnOpenBound_IsNone(string? start, string? end)
    {
        Assert.Null(PlaylistSpan.ProblemOf(start, end));
    }

    [Fact]
    public void Bound_NoStartNoEnd_IsTheDayUpToTheLastMedia()
    {
        Assert.Equal((T0.AddDays(-1), T0), PlaylistSpan.Bound(Open, OpenEnd, T0));
    }

    [Fact]
    public void Bound_NoStartNoEndNoMedia_StaysOpen()
    {
        Assert.Equal((Open, OpenEnd), PlaylistSpan.Bound(Open, OpenEnd, null));
    }

    [Fact]
    public void Bound_StartOnly_IsTheDayFromStart()
    {
        Assert.Equal((T0, T0.AddDays(1)), PlaylistSpan.Bound(T0, OpenEnd, T0.AddDays(9)));
    }

    [Fact]
    public void Bound_EndOnly_IsTheDayBeforeEnd()
    {
        Assert.Equal((T0.AddDays(-1), T0), PlaylistSpan.Bound(Open, T0, null));
    }

    [Fact]
    public void Bound_AnHour_IsUnchanged()
    {
        Assert.Equal((T0, T0.AddHours(1)), PlaylistSpan.Bound(T0, T0.AddHours(1), null));
    }
}
