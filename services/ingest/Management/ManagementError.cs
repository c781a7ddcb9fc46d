using System.Text.Json.Nodes;

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

    /// <summary>A 400 for a topology or instance name that breaks <see cref="GraphNames.Rule"/>; null for a valid name.</summary>
    public static ManagementError? ForName(string? name, string kind) =>
        GraphNames.IsValid(name) ? null : BadRequest("$.name", $"{kind} names: {GraphNames.Rule}");

    /// <summary>
    /// A validation failure as a 400. When the value at fault came from one of the instance's own
    /// parameters, the error names that parameter's value in <paramref name="instanceBody"/>, not the
    /// topology field it was substituted into: that is what the caller sent and can fix.
    /// </summary>
    public static ManagementError ForValidation(GraphValidationException exception, JsonObject? instanceBody)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var target = exception.Field;
        if (instanceBody is not null && exception.Parameter is { } parameter && InstanceParameters.PathOf(instanceBody, parameter) is { } valuePath)
        {
            target = valuePath;
        }

        return exception.Code == "InvalidVersion"
            ? new ManagementError(400, "InvalidVersion", exception.Message, [new ManagementErrorDetail(exception.Code, target, exception.Message)])
            : Invalid(target, exception.Message, exception.Code);
    }
}

/// <summary>One detail of a <see cref="ManagementError"/>: a detailed code, the JSON path (if any) and the rule.</summary>
public sealed record ManagementErrorDetail(string Code, string? Target, string Message);
