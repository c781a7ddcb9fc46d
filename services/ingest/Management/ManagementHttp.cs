using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>A <see cref="ManagementResult"/> as a REST answer: the payload, or ProblemDetails naming the field.</summary>
public static class ManagementHttp
{
    public static IResult ToHttp(this ManagementResult result, string? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is { } error)
        {
            return Problem(error);
        }

        return result.Status switch
        {
            201 => TypedResults.Created(createdAt, result.Payload),
            204 => TypedResults.NoContent(),
            _ when result.Payload is null => TypedResults.NoContent(),
            _ => TypedResults.Json(result.Payload, statusCode: result.Status),
        };
    }

    public static IResult Problem(ManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Status == 400 && error.Details.Count > 0)
        {
            var errors = error.Details.GroupBy(d => d.Target ?? "$").ToDictionary(g => g.Key, g => g.Select(d => d.Message).ToArray());
            return TypedResults.ValidationProblem(errors, detail: error.Message, title: "The request is not valid.", extensions: extensions);
        }

        return TypedResults.Problem(new ProblemDetails
        {
            Status = error.Status,
            Title = error.Status switch { 404 => "Not found.", 409 => "Conflict.", 413 => "The request body is too large.", _ => "The request is not valid." },
            Detail = error.Message,
            Extensions = extensions,
        });
    }
}
