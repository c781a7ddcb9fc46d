namespace Cvr.Host.Commands;

/// <summary>Cvr answered, and said no (a 4xx or 5xx answer); the message is one line naming why.</summary>
public sealed class ServerRefusedException : Exception
{
    public ServerRefusedException()
    {
    }

    public ServerRefusedException(string message)
        : base(message)
    {
    }

    public ServerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
