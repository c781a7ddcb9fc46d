namespace Cvr.Ingest.Management;

/// <summary>
/// A topology or instance that Cvr cannot run. <see cref="Field"/> is the JSON path at fault,
/// <see cref="Code"/> LVA's detailed error code, and <see cref="Parameter"/> the parameter whose value
/// was substituted there, when there was one (so that an instance's error can point at its own value).
/// </summary>
public sealed class GraphValidationException : Exception
{
    public const string ModuleValidationError = "ModuleValidationError";
    public const string GraphValidationError = "GraphValidationError";

    public GraphValidationException()
        : this("$", "The graph is not valid.")
    {
    }

    public GraphValidationException(string message)
        : this("$", message)
    {
    }

    public GraphValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "$";
        Code = ModuleValidationError;
    }

    public GraphValidationException(string field, string message, string code = ModuleValidationError, string? parameter = null)
        : base(message)
    {
        Field = field;
        Code = code;
        Parameter = parameter;
    }

    public string Field { get; }

    public string Code { get; }

    public string? Parameter { get; }
}
