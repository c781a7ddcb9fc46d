using System.Text.Json.Nodes;

namespace Cvr.Ingest.Management;

/// <summary>The outcome of a management operation: LVA's status code and payload, or an error.</summary>
public sealed record ManagementResult(int Status, JsonNode? Payload, ManagementError? Error = null)
{
    public bool Succeeded => Error is null;

    public static ManagementResult Ok(JsonNode? payload) => new(200, payload);

    public static ManagementResult Created(JsonNode payload) => new(201, payload);

    /// <summary>LVA's answer to deleting what does not exist.</summary>
    public static ManagementResult NoContent() => new(204, null);

    public static ManagementResult Failed(ManagementError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Status, null, error);
    }

    public static implicit operator ManagementResult(ManagementError error) => Failed(error);

    public static ManagementResult FromManagementError(ManagementError error) => Failed(error);
}
