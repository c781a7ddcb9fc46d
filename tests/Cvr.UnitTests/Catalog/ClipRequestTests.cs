using Cvr.Catalog.Clips;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cvr.UnitTests.Catalog;

/// <summary>clip.mp4's query: each bad input a 400 naming its field and the rule.</summary>
public sealed class ClipRequestTests
{
    [Theory]
    [InlineData(null, "2026-01-01T00:01:00Z", null, "start", "required")]
    [InlineData("yesterday", "2026-01-01T00:01:00Z", null, "start", "'yesterday' is not")]
    [InlineData("2026-01-01T00:00:00Z", null, null, "end", "required")]
    [InlineData("2026-01-01T00:00:00Z", "2026-13-01T00:00:00Z", null, "end", "is not")]
    [InlineData("2026-01-01T00:01:00Z", "2026-01-01T00:00:00Z", null, "end", "later than start")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", null, "end", "later than start")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-02T00:00:00.001Z", null, "end", "at most 24 hours long; 2026-01-01T00:00:00Z to 2026-01-02T00:00:00.001Z is 24 hours. Longer: split it.")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "fill", "gaps", "'fill' is neither")]
    public void Parse_BadInput_Is400NamingTheField(string? start, string? end, string? gaps, string field, string rule)
    {
        var (request, problem) = ClipRequest.Parse(start, end, gaps, ClipRequest.MaxLength, "Longer: split it.");

        Assert.Null(request);
        var errors = Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors;
        Assert.Contains(rule, Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwentyFourHoursWithGapsSkipped_IsAccepted()
    {
        var (request, problem) = ClipRequest.Parse("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "skip", ClipRequest.MaxLength, string.Empty);

        Assert.Null(problem);
        Assert.Equal(new ClipRequest(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), SkipGaps: true), request);
    }

    [Fact]
    public void Parse_LongerThanTheWaitedLimit_Is400SayingWhatToDoInstead()
    {
        var (request, problem) = ClipRequest.Parse("2026-01-01T00:00:00Z", "2026-01-01T00:10:00.04Z", null, ClipRequest.MaxWaitedLength, "Use an export job.");

        Assert.Null(request);
        var rule = Assert.Single(Assert.IsType<ValidationProblem>(problem).ProblemDetails.Errors["end"]);
        Assert.Contains("at most 10 minutes long", rule, StringComparison.Ordinal);
        Assert.EndsWith("Use an export job.", rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OffsetWhosePlusWasNotEncoded_IsReadAsUtc()
    {
        var (request, problem) = ClipRequest.Parse("2026-01-01T01:00:00 01:00", "2026-01-01T00:00:10Z", null, ClipRequest.MaxWaitedLength, string.Empty);

        Assert.Null(problem);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), request!.From);
        Assert.False(request.SkipGaps);
    }
}
