using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>A <see cref="ManagementResult"/> as a REST answer: the payload, or ProblemDetails naming the field.</summary>
public static class ManagementHttp
{
    public static Results<Created<JsonNode>, JsonHttpResult<JsonNode>, NoContent, ValidationProblem, ProblemHttpResult> ToHttp(this ManagementResult result, string? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is { } error)
        {
            return IsInvalid(error) ? Invalid(error) : Refused(error);
        }

        return result.Status switch
        {
            201 => TypedResults.Created(createdAt, result.Payload),
            204 => TypedResults.NoContent(),
            _ when result.Payload is null => TypedResults.NoContent(),
            _ => TypedResults.Json(result.Payload, statusCode: result.Status),
        };
    }

    /// <summary>A 400 that names fields: ValidationProblem with <c>errors</c>; every other error is a plain problem.</summary>
    public static bool IsInvalid(ManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Status == 400 && error.Details.Count > 0;
    }

    public static ValidationProblem Invalid(ManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var errors = error.Details.GroupBy(d => d.Target ?? "$").ToDictionary(g => g.Key, g => g.Select(d => d.Message).ToArray());
        return TypedResults.ValidationProblem(errors, detail: error.Message, title: "The request is not valid.", extensions: Extensions(error));
    }

    public static ProblemHttpResult Refused(ManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return TypedResults.Problem(new ProblemDetails
        {
            Status = error.Status,
            Title = error.Status switch { 404 => "Not found.", 409 => "Conflict.", 413 => "The request body is too large.", _ => "The request is not valid." },
            Detail = error.Message,
            Extensions = Extensions(error),
        });
    }

    private static Dictionary<string, object?> Extensions(ManagementError error) => new() { ["code"] = error.Code };
}
