using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>ProblemDetails for the 404 and 409 answers of the management API.</summary>
public sealed class ProblemDetailsBody : ProblemDetails
{
    public static ProblemDetailsBody NotFound(string detail) => new() { Status = 404, Title = "Not found.", Detail = detail };

    public static ProblemDetailsBody Conflict(string detail) => new() { Status = 409, Title = "Conflict.", Detail = detail };
}
