using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cvr.Platform.Hosting;

/// <summary>The one shape of a 400 across Cvr's APIs: ProblemDetails naming the field (JSON path or parameter) and the rule.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "The request is not valid.");
}
