namespace Cvr.Ingest.Management;

/// <summary>A topology or instance that Cvr cannot run; <see cref="Field"/> is the JSON path at fault.</summary>
public sealed class GraphValidationException : Exception
{
    public GraphValidationException()
    {
        Field = "$";
    }

    public GraphValidationException(string message)
        : base(message)
    {
        Field = "$";
    }

    public GraphValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "$";
    }

    public GraphValidationException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public string Field { get; }
}
