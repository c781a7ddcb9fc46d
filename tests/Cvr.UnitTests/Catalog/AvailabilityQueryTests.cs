using Cvr.Catalog.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cvr.UnitTests.Catalog;

/// <summary>availableMedia's span and precision as AVA bounded them: each over-long span a 400 naming the limit.</summary>
public sealed class AvailabilityQueryTests
{
    [Theory]
    [InlineData("month", "2026-01", "2026-12", null)]
    [InlineData("month", "2026-01", "2027-01", "12 months")]
    [InlineData("day", "2026-01-01", "2026-01-31", null)]
    [InlineData("day", "2026-01-01", "2026-02-01", "31 days")]
    [InlineData("full", "2026-01-01T00:00:00Z", "2026-01-02T01:00:00Z", null)]
    [InlineData("full", "2026-01-01T00:00:00Z", "2026-01-02T01:00:01Z", "25 hours")]
    [InlineData("year", "2000", "2099", null)]
    public void Parse_SpanAtOrOverTheLimitOfItsPrecision_IsAcceptedOrRefusedNamingTheLimit(string precision, string start, string end, string? limit)
    {
        var (query, problem) = AvailabilityQuery.Parse(start, end, precision);

        if (limit is null)
        {
            Assert.Null(problem);
            Assert.NotNull(query);
        }
        else
        {
            var errors = Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors;
            Assert.Contains(limit, Assert.Single(errors["end"]), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2026", "2026", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("2026-02", "2026-03", "2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z")]
    [InlineData("2026-02-27", "2026-02-28", "2026-02-27T00:00:00Z", "2026-03-01T00:00:00Z")]
    [InlineData("2026-02-27T10:00:00Z", "2026-02-27T11:00:00Z", "2026-02-27T10:00:00Z", "2026-02-27T11:00:00Z")]
    public void Parse_WholePeriods_CoverThemEndIncluded(string start, string end, string from, string to)
    {
        var (query, _) = AvailabilityQuery.Parse(start, end, "month");

        Assert.Equal((DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), (query!.From, query.To));
    }

    [Theory]
    [InlineData("hour", "2026-01-01", "2026-01-02", "precision")]
    [InlineData("1", "2026-01-01", "2026-01-02", "precision")]
    [InlineData("day", null, "2026-01-02", "start")]
    [InlineData("day", "2026-01-01", null, "end")]
    [InlineData("day", "yesterday", "2026-01-02", "start")]
    [InlineData("DAY", "2026-01-03", "2026-01-02", "end")]
    public void Parse_BadRequest_IsRefusedNamingTheField(string precision, string? start, string? end, string field)
    {
        var (_, problem) = AvailabilityQuery.Parse(start, end, precision);

        Assert.Contains(field, Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Parse_NoPrecision_AnySpanIsAcceptedAndPaged()
    {
        var (query, problem) = AvailabilityQuery.Parse(null, null, null);

        Assert.Null(problem);
        Assert.Equal((DateTimeOffset.MinValue, DateTimeOffset.MaxValue, (AvailabilityPrecision?)null), (query!.From, query.To, query.Precision));
    }
}
