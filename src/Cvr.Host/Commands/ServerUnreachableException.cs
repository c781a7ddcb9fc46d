namespace Cvr.Host.Commands;

/// <summary>Cvr could not be reached, or did not answer in time; the message is one line.</summary>
public sealed class ServerUnreachableException : Exception
{
    public ServerUnreachableException()
    {
    }

    public ServerUnreachableException(string message)
        : base(message)
    {
    }

    public ServerUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
