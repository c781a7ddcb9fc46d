namespace Cvr.Ingest.Management;

/// <summary>
/// Why a management operation failed, in LVA's (OData) error terms: a status, a top-level code
/// (BadRequest, InvalidResource, InvalidVersion, NotFound, Conflict), a message, and details naming
/// the JSON path at fault.
/// </summary>
public sealed record ManagementError(int Status, string Code, string Message, IReadOnlyList<ManagementErrorDetail> Details)
{
    public static ManagementError Invalid(string target, string message, string detailCode = GraphValidationException.ModuleValidationError) =>
        new(400, "InvalidResource", message, [new ManagementErrorDetail(detailCode, target, message)]);

    public static ManagementError BadRequest(string target, string message) =>
        new(400, "BadRequest", message, [new ManagementErrorDetail("PropertyValueInvalid", target, message)]);

    public static ManagementError NotFound(string message) => new(404, "NotFound", message, []);

    public static ManagementError Conflict(string detailCode, string message) =>
        new(409, "Conflict", message, [new ManagementErrorDetail(detailCode, null, message)]);
}

/// <summary>One detail of a <see cref="ManagementError"/>: a detailed code, the JSON path (if any) and the rule.</summary>
public sealed record ManagementErrorDetail(string Code, string? Target, string Message);
